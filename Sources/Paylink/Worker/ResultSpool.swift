import PaylinkSystem
import FoundationEssentials
import Glibc
import Logging

/// A local, fsync'd file of results Redis could not take before the process had to stop.
///
/// Each queue has its own subdirectory (`<root>/<queue>/`, the name percent-encoded), and each
/// process its own file there (`<pid>-<ms>.spool`), on which it holds an exclusive `flock` while
/// alive. The file starts with a ``SpoolHeader`` naming the queue and the Redis server and
/// database; a starting worker replays only files of its own queue whose header names its own
/// Redis, which it locks until it has deleted them (``SpoolOrphan``). Writes happen only on the
/// shutdown path, so they block their task briefly. Locking: `lock` guards `descriptor`.
final class ResultSpool: @unchecked Sendable {
    /// This queue's subdirectory, where its files are written and looked for.
    let directory: String
    private let root: String
    private let header: SpoolHeader
    private let legacyPrefix: String
    private let logger: Logger
    private let lock = Lock()
    private var descriptor: Int32 = -1

    /// - Parameters:
    ///   - root: the spool directory shared by every queue (`--spool-dir`).
    ///   - redis: the Redis the queue lives in, as `host:port/database`.
    init(root: String, queue: String, redis: String, logger: Logger) {
        self.root = root
        self.directory = root + "/" + Self.directoryName(for: queue)
        self.header = SpoolHeader(queue: queue, redis: redis, writer: "\(ProcessInfo.processInfo.hostName):\(getpid())")
        self.legacyPrefix = String(queue.map { $0 == "/" ? "_" : $0 }) + "-"
        self.logger = logger
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends one result and forces it to disk before returning.
    func append(_ entry: SpooledResult) throws(SpoolError) {
        lock.lock()
        defer { lock.unlock() }
        if descriptor < 0 { descriptor = try openOwnFile() }
        try Self.write(entry.line, to: descriptor, path: directory)
    }

    /// Every spool file of this queue and this Redis that no live process holds, each locked
    /// until it is removed or released. Files of this queue that name another Redis are left
    /// alone, and files without a readable header are passed on with every line rejected;
    /// both are logged.
    func orphans() -> [SpoolOrphan] {
        var found: [SpoolOrphan] = []
        for name in Self.names(in: directory) where name.hasSuffix(".spool") {
            guard let orphan = SpoolOrphan.open(path: directory + "/" + name, hasHeader: true) else { continue }
            guard let fileHeader = orphan.header else {
                if !orphan.rejectedLines.isEmpty {
                    logger.error(
                        "A spool file has no readable header; its \(orphan.rejectedLines.count) lines go to \(orphan.path).rejected",
                        metadata: ["spool": "\(orphan.path)"])
                }
                found.append(orphan)
                continue
            }
            guard fileHeader.isSameTarget(as: header) else {
                logger.error(
                    "A spool file belongs to \(fileHeader), not \(header); left in place for its own worker",
                    metadata: ["spool": "\(orphan.path)"])
                continue
            }
            found.append(orphan)
        }
        // Files of earlier versions, `<queue>-<pid>-<ms>.spool` in the root, written before spools
        // had headers: matched by their exact name, since their Redis cannot be checked.
        for name in Self.names(in: root) where Self.isLegacyName(name, prefix: legacyPrefix) {
            guard let orphan = SpoolOrphan.open(path: root + "/" + name, hasHeader: false) else { continue }
            logger.warning("Replaying a spool file written before spools named their Redis", metadata: ["spool": "\(orphan.path)"])
            found.append(orphan)
        }
        return found
    }

    /// Makes the directory entry of a new or deleted file durable, as fsync of the file does not.
    static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// A queue name as one directory name: bytes outside `A-Z a-z 0-9 . _ -` (and a leading
    /// `.`) become `%XX`, so `..`, `a/b` and names differing in any byte map to distinct entries.
    static func directoryName(for queue: String) -> String {
        var name = ""
        for (index, byte) in queue.utf8.enumerated() {
            let isPlain =
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || (byte == UInt8(ascii: ".") && index > 0)
            if isPlain {
                name.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                name += "%"
                name.unicodeScalars.append(hex[Int(byte >> 4)])
                name.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return name
    }

    /// Whether `name` is exactly `<prefix><digits>-<digits>.spool`: `orders-` matches
    /// `orders-12-34.spool` but not `orders-eu-12-34.spool`.
    static func isLegacyName(_ name: String, prefix: String) -> Bool {
        guard name.hasPrefix(prefix), name.hasSuffix(".spool") else { return false }
        let middle = name.dropFirst(prefix.count).dropLast(".spool".count).split(separator: "-", omittingEmptySubsequences: false)
        return middle.count == 2 && middle.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }

    private static func names(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    private func openOwnFile() throws(SpoolError) -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw SpoolError(path: root, reason: "cannot create the directory: \(error)")
        }
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw SpoolError(path: directory, reason: "cannot create the directory: \(String(cString: strerror(errno)))")
        }
        let millis = UnixTime.milliseconds()
        let path = "\(directory)/\(getpid())-\(millis).spool"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpoolError(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw SpoolError(path: path, reason: "already locked")
        }
        do {
            try Self.write(header.line, to: fd, path: path)
        } catch {
            unlink(path)
            close(fd)
            throw error
        }
        Self.syncDirectory(of: path)
        return fd
    }

    private static func write(_ bytes: [UInt8], to fd: Int32, path: String) throws(SpoolError) {
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw SpoolError(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// The spool could not be written: the result is logged as a last resort.
struct SpoolError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot write the spool \(path): \(reason)" }
}
