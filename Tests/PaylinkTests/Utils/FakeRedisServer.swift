import Foundation
// timeval is declared there on Linux; MemberImportVisibility asks for the import.
import SwiftOverlayShims

/// A stand-in "Redis" on 127.0.0.1 that answers every command with one bulk string: enough to
/// show a worker an `INFO` of a server version this machine does not have.
///
/// Each connection has a thread of its own with blocking sockets and a 5 s receive timeout.
/// Descriptors are closed only by the thread using them and shut down only while listed
/// under the lock, so a number reused by another test's socket is never touched. Locking:
/// `lock` guards `sockets` and `listening`.
final class FakeRedisServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let reply: [UInt8]
    private let lock = NSLock()
    private var sockets: [Int32] = []
    private var listening = true

    private init(listener: Int32, port: Int, answer: String) {
        self.listener = listener
        self.port = port
        self.reply = Array("$\(answer.utf8.count)\r\n\(answer)\r\n".utf8)
    }

    /// Starts the server; every command gets `answer` as a bulk string.
    static func start(answering answer: String) throws -> FakeRedisServer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ready else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        let server = FakeRedisServer(listener: fd, port: Int(UInt16(bigEndian: address.sin_port)), answer: answer)
        Thread.detachNewThread { server.acceptLoop() }
        return server
    }

    func stop() {
        lock.withLock {
            if listening { shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else {
                lock.withLock {
                    listening = false
                    _ = close(listener)
                }
                return
            }
            var timeout = timeval()
            timeout.tv_sec = 5
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            lock.withLock { sockets.append(fd) }
            Thread.detachNewThread { self.serve(fd) }
        }
    }

    /// Answers each complete RESP command (`*N` then N bulk strings) in what arrived.
    private func serve(_ fd: Int32) {
        defer {
            lock.withLock {
                sockets.removeAll { $0 == fd }
                _ = close(fd)
            }
        }
        var buffered: [UInt8] = []
        while true {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            buffered.append(contentsOf: chunk[..<count])
            while let used = Self.commandLength(buffered) {
                buffered.removeFirst(used)
                let sent = reply.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent == reply.count else { return }
            }
        }
    }

    /// The length of the first complete command in `bytes`, or nil if it is not complete yet.
    private static func commandLength(_ bytes: [UInt8]) -> Int? {
        var index = 0
        func line() -> Int? {
            guard let end = bytes[index...].firstIndex(of: UInt8(ascii: "\r")), end + 1 < bytes.count else { return nil }
            let value = Int(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
            index = end + 2
            return value
        }
        guard bytes.first == UInt8(ascii: "*"), let arguments = line() else { return nil }
        for _ in 0..<arguments {
            guard index < bytes.count, let length = line() else { return nil }
            index += length + 2
            guard index <= bytes.count else { return nil }
        }
        return index
    }
}
