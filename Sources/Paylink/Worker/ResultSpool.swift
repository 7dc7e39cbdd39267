import PaylinkSystem
import FoundationEssentials
import Glibc

/// A local, fsync'd file of results Redis could not take before the process had to stop.
///
/// Each process writes its own file (`<queue>-<pid>-<ms>.spool`) and holds an exclusive `flock`
/// on it while alive; a starting worker replays every file of its queue that nobody holds, then
/// deletes it. Writes happen only on the shutdown path, so they block their task briefly.
/// Locking: `lock` guards `descriptor`.
final class ResultSpool: @unchecked Sendable {
    let directory: String
    private let queue: String
    private let lock = Lock()
    private var descriptor: Int32 = -1

    init(directory: String, queue: String) {
        self.directory = directory
        self.queue = String(queue.map { $0 == "/" ? "_" : $0 })
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends one result and forces it to disk before returning.
    func append(_ entry: SpooledResult) throws(SpoolError) {
        lock.lock()
        defer { lock.unlock() }
        if descriptor < 0 { descriptor = try openOwnFile() }
        let line = entry.line
        let fd = descriptor
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else { throw SpoolError(path: directory, reason: String(cString: strerror(errno))) }
    }

    /// Reads every spool file of this queue that no live process holds.
    /// - Returns: each file's path (to delete once its entries are stored) and entries.
    func orphans() -> [(path: String, entries: [SpooledResult])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var found: [(String, [SpooledResult])] = []
        for name in names.sorted() where name.hasPrefix(queue + "-") && name.hasSuffix(".spool") {
            let path = directory + "/" + name
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // its writer is alive
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let entries = data.split(separator: UInt8(ascii: "\n")).compactMap { SpooledResult(line: $0) }
            found.append((path, entries))
        }
        return found
    }

    private func openOwnFile() throws(SpoolError) -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SpoolError(path: directory, reason: "cannot create the directory: \(error)")
        }
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        let path = "\(directory)/\(queue)-\(getpid())-\(millis).spool"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw SpoolError(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw SpoolError(path: path, reason: "already locked")
        }
        return fd
    }
}

/// The spool could not be written: the result is logged as a last resort.
struct SpoolError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot write the spool \(path): \(reason)" }
}
