import Glibc

/// Reads one request from an accepted socket and writes one answer, then the caller closes it.
struct EndpointConnection {
    let descriptor: Int32
    let timeoutSeconds: Int

    static let maxRequestBytes = 8192

    func serve(_ handler: EndpointServer.Handler) {
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let response: EndpointResponse
        var isHead = false
        switch readHead() {
        case .tooLarge:
            response = .text(431, "request head over \(Self.maxRequestBytes) bytes")
        case .incomplete:
            return  // Closed or timed out before a whole request: nobody to answer.
        case .head(let bytes):
            guard let request = Self.parseRequestLine(bytes) else {
                response = .text(400, "malformed request line")
                break
            }
            isHead = request.method == "HEAD"
            if request.method != "GET" && !isHead {
                response = .text(405, "only GET and HEAD are served")
            } else {
                response = handler(request)
            }
        }
        write(response, includeBody: !isHead)
    }

    enum Head {
        case head([UInt8])
        case tooLarge
        case incomplete
    }

    private func readHead() -> Head {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while bytes.count < Self.maxRequestBytes {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return .incomplete }
            bytes.append(contentsOf: buffer[0..<count])
            if Self.endOfHead(in: bytes) != nil { return .head(bytes) }
        }
        return .tooLarge
    }

    static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// `METHOD SP TARGET SP HTTP/1.x`; the target's query string is dropped.
    static func parseRequestLine(_ bytes: [UInt8]) -> EndpointRequest? {
        guard let end = bytes.firstIndex(of: 13) else { return nil }
        let parts = bytes[..<end].split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].starts(with: Array("HTTP/1.".utf8)),
            let method = String(validating: parts[0], as: UTF8.self), !method.isEmpty,
            let target = String(validating: parts[1], as: UTF8.self), target.hasPrefix("/")
        else { return nil }
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
        return EndpointRequest(method: method, path: path)
    }

    private func write(_ response: EndpointResponse, includeBody: Bool) {
        var bytes = Array(
            ("HTTP/1.1 \(response.status) \(response.reason)\r\nContent-Type: \(response.contentType)\r\n"
                + "Content-Length: \(response.body.count)\r\nCache-Control: no-store\r\nConnection: close\r\n"
                + (response.status == 405 ? "Allow: GET, HEAD\r\n" : "") + "\r\n").utf8)
        if includeBody { bytes.append(contentsOf: response.body) }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            sent += count
        }
    }
}
