import Glibc

/// Reads a one-line secret (a Redis password) from a file, once, at start.
///
/// The rules, each refused with a message that says how to fix it: a regular file of at most
/// 4 KiB that no other user can read (no `o+r` bit: a group may read it, for a service's group);
/// one line of UTF-8, trailing CR/LF trimmed and nothing else; not empty. The secret itself never
/// appears in a message.
public enum SecretFile {
    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Longest file accepted: far beyond any password, small enough to hold in memory safely.
    static let maxBytes = 4096

    public static func read(_ path: String) throws(ReadError) -> String {
        var line = try contents(of: path, maxBytes: maxBytes, holding: "the password")[...]
        while let last = line.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard !line.isEmpty else { throw ReadError(description: "\(path) is empty") }
        guard !line.contains(UInt8(ascii: "\n")) && !line.contains(UInt8(ascii: "\r")) else {
            throw ReadError(description: "\(path) holds more than one line; it should hold only the password")
        }
        guard let secret = String(validating: line, as: UTF8.self) else {
            throw ReadError(description: "\(path) is not UTF-8 text")
        }
        return secret
    }

    /// Reads a private file of several lines (the dashboard's users file), with the same checks
    /// as ``read(_:)`` but any number of lines.
    /// - Parameter maxBytes: the largest file accepted.
    public static func readText(_ path: String, maxBytes: Int) throws(ReadError) -> String {
        let bytes = try contents(of: path, maxBytes: maxBytes, holding: "the credentials")
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ReadError(description: "\(path) is not UTF-8 text") }
        return text
    }

    /// The bytes of a regular file no other user can read, of at most `maxBytes`.
    private static func contents(of path: String, maxBytes: Int, holding what: String) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw ReadError(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ReadError(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw ReadError(description: "\(path) is not a regular file") }
        let mode = status.st_mode & 0o777
        guard mode & 0o004 == 0 else {
            let octal = String(mode, radix: 8)
            throw ReadError(description: "\(path) is readable by every user of this host (mode \(octal)); make it private first: chmod o-rwx \(path)")
        }
        guard status.st_size <= maxBytes else {
            throw ReadError(description: "\(path) is larger than \(maxBytes) bytes; it should hold only \(what)")
        }
        var bytes = [UInt8](repeating: 0, count: maxBytes + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw ReadError(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            count += got
        }
        guard count <= maxBytes else {
            throw ReadError(description: "\(path) is larger than \(maxBytes) bytes; it should hold only \(what)")
        }
        return Array(bytes[..<count])
    }
}
