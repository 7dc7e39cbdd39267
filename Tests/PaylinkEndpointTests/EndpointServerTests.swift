import Glibc
import PaylinkEndpoint
import Testing

/// The operator endpoint's HTTP handling, over real loopback sockets.
@Suite struct EndpointServerTests {
    /// Sends raw bytes, reads until the server closes; the whole answer as text.
    static func exchange(_ request: String, port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    static func serve() throws -> EndpointServer {
        try EndpointServer(address: EndpointAddress(parsing: "127.0.0.1:0")) { request in
            request.path == "/hello" ? .text(200, "hello \(request.method)") : .text(404, "no")
        }
    }

    @Test func getAnswersWithLengthAndCloses() throws {
        let server = try Self.serve()
        defer { server.shutdown() }
        #expect(server.port > 0)
        let answer = try Self.exchange("GET /hello?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", port: server.port)
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(answer.contains("Content-Length: 10\r\n") && answer.contains("Connection: close\r\n"))
        #expect(answer.hasSuffix("\r\n\r\nhello GET\n"))
    }

    @Test func headHasNoBodyAndOtherMethodsAre405() throws {
        let server = try Self.serve()
        defer { server.shutdown() }
        let head = try Self.exchange("HEAD /hello HTTP/1.1\r\n\r\n", port: server.port)
        #expect(head.hasPrefix("HTTP/1.1 200") && head.hasSuffix("\r\n\r\n") && head.contains("Content-Length: 11"))
        let post = try Self.exchange("POST /hello HTTP/1.1\r\nContent-Length: 0\r\n\r\n", port: server.port)
        #expect(post.hasPrefix("HTTP/1.1 405") && post.contains("Allow: GET, HEAD"))
    }

    @Test func malformedAndOversizedRequestsAreRefused() throws {
        let server = try Self.serve()
        defer { server.shutdown() }
        #expect(try Self.exchange("GARBAGE\r\n\r\n", port: server.port).hasPrefix("HTTP/1.1 400"))
        #expect(try Self.exchange("GET hello HTTP/1.1\r\n\r\n", port: server.port).hasPrefix("HTTP/1.1 400"))
        let huge = "GET /hello HTTP/1.1\r\nX: " + String(repeating: "a", count: 10_000) + "\r\n\r\n"
        #expect(try Self.exchange(huge, port: server.port).hasPrefix("HTTP/1.1 431"))
        // Still serving after all that.
        #expect(try Self.exchange("GET /hello HTTP/1.1\r\n\r\n", port: server.port).hasPrefix("HTTP/1.1 200"))
    }

    @Test func aTakenPortFailsTheStartWithItsReason() throws {
        let server = try Self.serve()
        defer { server.shutdown() }
        #expect {
            _ = try EndpointServer(address: EndpointAddress(host: "127.0.0.1", port: server.port)) { _ in .text(200, "") }
        } throws: { error in
            "\(error)".contains("Address already in use")
        }
    }

    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), ("[::1]:80", "::1", 80), (":9464", "", 9464), ("*:1", "", 1), ("localhost:0", "localhost", 0),
    ])
    func addressesParse(text: String, host: String, port: Int) throws {
        let address = try EndpointAddress(parsing: text)
        #expect(address.host == host && address.port == port)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:", "::1:80", "[::1]80", "a b:1", "host:9x"])
    func badAddressesAreRefused(text: String) {
        #expect(throws: EndpointError.self) { try EndpointAddress(parsing: text) }
    }
}
