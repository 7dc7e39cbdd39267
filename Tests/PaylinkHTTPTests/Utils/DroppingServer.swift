import Foundation

/// A raw HTTP/1.1 server on 127.0.0.1 that answers the first request of its first connection
/// and then reads the second request whole and closes the connection without answering, as a
/// backend that crashes right after processing a request (or a balancer dropping the flow)
/// does. Requests on any later connection are answered. It records the body of every request
/// it read, so a test can see whether the client sent one twice.
///
/// Each connection is served by a thread of its own with blocking sockets and a 5 s receive
/// timeout, so nothing outlives a test by long. Locking: `lock` guards `bodies`, `sockets` and
/// `listening`.
final class DroppingServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var bodies: [String] = []
    private var sockets: [Int32] = []
    private var listening = true

    private init(listener: Int32, port: Int) {
        self.listener = listener
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)/pay" }

    /// Bodies of the requests read so far, in arrival order.
    var receivedBodies: [String] { lock.withLock { bodies } }

    static func start() throws -> DroppingServer {
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
        let server = DroppingServer(listener: fd, port: Int(UInt16(bigEndian: address.sin_port)))
        Thread.detachNewThread { server.acceptLoop() }
        return server
    }

    /// Ends the listener and every open connection; their threads then close them and end.
    /// Descriptors are only closed by the thread using them, and shut down only while still
    /// listed under the lock, so a number reused by another test's socket is never touched.
    func stop() {
        lock.withLock {
            if listening { shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        var connection = 0
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else {
                lock.withLock {
                    listening = false
                    _ = close(listener)
                }
                return
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            lock.withLock { sockets.append(fd) }
            let dropsSecond = connection == 0
            connection += 1
            Thread.detachNewThread { self.serve(fd, dropsSecond: dropsSecond) }
        }
    }

    private func serve(_ fd: Int32, dropsSecond: Bool) {
        defer {
            lock.withLock {
                sockets.removeAll { $0 == fd }
                _ = close(fd)
            }
        }
        var buffered: [UInt8] = []
        var served = 0
        while let body = Self.readRequest(fd, buffered: &buffered) {
            lock.withLock { bodies.append(body) }
            served += 1
            if dropsSecond && served == 2 { return }
            let answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
            _ = answer.utf8CString.withUnsafeBytes { send(fd, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// Reads one request (headers, then `Content-Length` body bytes); nil at EOF, error or timeout.
    private static func readRequest(_ fd: Int32, buffered: inout [UInt8]) -> String? {
        let separator = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        var bodyLength = 0
        while true {
            if headerEnd == nil, let end = firstRange(of: separator, in: buffered) {
                headerEnd = end
                let head = String(decoding: buffered[..<end], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, buffered.count >= headerEnd + 4 + bodyLength {
                let body = String(decoding: buffered[(headerEnd + 4)..<(headerEnd + 4 + bodyLength)], as: UTF8.self)
                buffered.removeFirst(headerEnd + 4 + bodyLength)
                return body
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffered.append(contentsOf: chunk[..<count])
        }
    }

    private static func firstRange(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }
}
