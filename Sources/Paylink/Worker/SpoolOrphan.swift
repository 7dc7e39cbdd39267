import Glibc

/// A spool file that a stopped process left, read by a starting worker that holds its `flock`
/// from the moment it opens it until ``remove()`` has deleted it (or until this object goes away,
/// which keeps the file for the next start). So two workers starting together never replay
/// the same file.
///
/// Nothing in the file is dropped: lines that are neither the header nor a result (a write torn
/// by a crash) go to `<path>.rejected` before the file is deleted.
final class SpoolOrphan {
    let path: String
    /// The file's first line; nil when it is missing or unreadable (every line is then rejected).
    let header: SpoolHeader?
    let entries: [SpooledResult]
    /// Lines that did not parse, kept for an operator in `<path>.rejected`.
    let rejectedLines: [[UInt8]]
    private var descriptor: Int32

    private init(path: String, descriptor: Int32, header: SpoolHeader?, entries: [SpooledResult], rejectedLines: [[UInt8]]) {
        self.path = path
        self.descriptor = descriptor
        self.header = header
        self.entries = entries
        self.rejectedLines = rejectedLines
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Opens, locks and reads a spool file.
    /// - Parameter hasHeader: false for files written before spools had headers.
    /// - Returns: nil when a live process holds the file, or it is gone or unreadable.
    static func open(path: String, hasHeader: Bool) -> SpoolOrphan? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        // Locked by its writer (alive) or by another starting worker; or deleted by one that
        // replayed it between our directory listing and our lock.
        var status = stat()
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, fstat(fd, &status) == 0, status.st_nlink > 0, let data = readAll(fd) else {
            close(fd)
            return nil
        }
        var lines = data.split(separator: UInt8(ascii: "\n")).map(Array.init)
        var header: SpoolHeader?
        if hasHeader, let first = lines.first, let parsed = SpoolHeader(line: first) {
            header = parsed
            lines.removeFirst()
        }
        var entries: [SpooledResult] = []
        var rejected: [[UInt8]] = []
        for line in lines {
            if (header != nil || !hasHeader), let entry = SpooledResult(line: line) {
                entries.append(entry)
            } else {
                rejected.append(line)
            }
        }
        return SpoolOrphan(path: path, descriptor: fd, header: header, entries: entries, rejectedLines: rejected)
    }

    /// Writes the rejected lines to `<path>.rejected` (forced to disk), then deletes the file,
    /// then lets go of its lock.
    /// - Throws: `SpoolError` when either step fails; the spool file is then kept.
    func remove() throws(SpoolError) {
        if !rejectedLines.isEmpty {
            try Self.write(rejectedLines, to: path + ".rejected")
        }
        guard unlink(path) == 0 else { throw SpoolError(path: path, reason: "cannot delete: \(String(cString: strerror(errno)))") }
        ResultSpool.syncDirectory(of: path)
        close(descriptor)
        descriptor = -1
    }

    private static func write(_ lines: [[UInt8]], to path: String) throws(SpoolError) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpoolError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = lines.flatMap { $0 + [UInt8(ascii: "\n")] }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw SpoolError(path: path, reason: String(cString: strerror(errno))) }
    }

    private static func readAll(_ fd: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return data }
            data.append(contentsOf: chunk[..<count])
        }
    }
}
