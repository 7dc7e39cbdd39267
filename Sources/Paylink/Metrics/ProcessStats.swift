import Glibc

/// The standard `process_*` metrics, read from /proc at scrape time (Linux only), in the names
/// and units Prometheus client libraries use so existing dashboards work unchanged.
struct ProcessStats: Equatable {
    var residentBytes: Int
    var cpuSeconds: Double
    var openDescriptors: Int
    var startTimeSeconds: Double

    /// Nil when /proc cannot be read (not Linux, or a hardened mount).
    static func read() -> ProcessStats? {
        guard let stat = readFile("/proc/self/stat"), let statm = readFile("/proc/self/statm"),
            let systemStat = readFile("/proc/stat")
        else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard ticks > 0, pageSize > 0,
            let parsed = parse(stat: stat, statm: statm, systemStat: systemStat, ticksPerSecond: ticks, pageSize: pageSize)
        else { return nil }
        var stats = parsed
        stats.openDescriptors = countDescriptors()
        return stats
    }

    /// Pure part of `read()`, for tests: fields 14/15 (utime, stime) and 22 (starttime) of
    /// /proc/self/stat, counted after the command name, which may itself hold spaces and `)`.
    static func parse(stat: String, statm: String, systemStat: String, ticksPerSecond: Double, pageSize: Int) -> ProcessStats? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        // After ")": field 3 (state) is the first.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count >= 20, let user = Double(fields[11]), let system = Double(fields[12]), let start = Double(fields[19]) else {
            return nil
        }
        let memory = statm.split(separator: " ")
        guard memory.count >= 2, let residentPages = Int(memory[1]) else { return nil }
        let bootLine = systemStat.split(separator: "\n").first { $0.hasPrefix("btime ") }
        guard let bootLine, let bootTime = Double(bootLine.dropFirst(6).trimmingPrefix(" ")) else { return nil }
        let (resident, overflow) = residentPages.multipliedReportingOverflow(by: pageSize)
        guard !overflow, resident >= 0, user >= 0, system >= 0, start >= 0 else { return nil }
        return ProcessStats(
            residentBytes: resident, cpuSeconds: (user + system) / ticksPerSecond, openDescriptors: 0,
            startTimeSeconds: bootTime + start / ticksPerSecond)
    }

    func emit(into buffer: inout [UInt8]) {
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            buffer.append(contentsOf: "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n".utf8)
        }
        metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", String(residentBytes))
        metric("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", String(cpuSeconds))
        metric("process_open_fds", "gauge", "Number of open file descriptors.", String(openDescriptors))
        metric("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", String(startTimeSeconds))
    }

    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func countDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        // The directory stream itself is one of them.
        return max(0, count - 1)
    }
}
