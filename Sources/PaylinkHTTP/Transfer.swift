/// The state of one request from `execute` to its single completion.
///
/// `@unchecked Sendable`: `isSubmitted` and `isCancelRequested` are guarded by `RequestInbox`'s
/// lock; `continuation` is set before submission and then touched only by whoever completes the
/// transfer (the submitting call if it never reaches the event thread, otherwise the event
/// thread); every other field is used only on the event thread.
final class Transfer: @unchecked Sendable {
    typealias Continuation = CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>

    let request: HTTPRequest
    private let bodyLimit: Int

    var isSubmitted = false
    var isCancelRequested = false
    var continuation: Continuation?

    /// The easy handle running this transfer while it is in the multi handle.
    var easy: CurlEasyHandle?
    /// Header lines curl points at until the transfer ends.
    var headerList: CurlHeaderList?
    private(set) var headers = HTTPHeaders()
    private(set) var body: [UInt8] = []
    private(set) var bodyLimitExceeded = false

    init(request: HTTPRequest, bodyLimit: Int) {
        self.request = request
        self.bodyLimit = bodyLimit
    }

    /// Request body bytes already handed to curl (event thread only).
    private var bodySent = 0

    /// Copies the next request body bytes into curl's buffer, for its read callback. Only one
    /// pass is possible: curl is given no way to rewind (see `CurlEasyHandle.setBody`).
    /// - Returns: how many bytes were copied; 0 once the whole body was handed over.
    func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, request.body.count - bodySent)
        guard count > 0, let destination = buffer.baseAddress else { return 0 }
        request.body.withUnsafeBytes { body in
            guard let source = body.baseAddress else { return }
            destination.copyMemory(from: source + bodySent, byteCount: count)
        }
        bodySent += count
        return count
    }

    /// Appends body bytes from curl's write callback.
    /// - Returns: false once the body would exceed the limit, which makes curl abort the transfer.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= bodyLimit else {
            bodyLimitExceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one raw header line from curl's header callback.
    ///
    /// A status line starts a new response (after a redirect, 100 Continue or an auth
    /// challenge), so only the final response's headers are kept.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()
            return
        }
        // Skip the blank end-of-headers line and obsolete folded continuations.
        guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
            let colon = line.firstIndex(of: UInt8(ascii: ":"))
        else { return }
        var value = line[(colon + 1)...]
        while let byte = value.first, Self.isWhitespace(byte) { value = value.dropFirst() }
        while let byte = value.last, Self.isWhitespace(byte) { value = value.dropLast() }
        headers.add(name: line[..<colon], value: value)
    }

    /// Resumes the caller exactly once; later calls do nothing.
    func complete(_ result: Result<HTTPResponse, HTTPClientError>) {
        easy = nil
        headerList = nil
        continuation?.resume(returning: result)
        continuation = nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
