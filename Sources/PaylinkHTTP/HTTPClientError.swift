/// Why an ``HTTPClient`` request produced no response.
///
/// `requestSent` is what payment code needs most: false means no byte of the request can have
/// reached the server, so nothing was created there and a retry is safe; true means the outcome
/// is unknown. The message is curl's text only; headers and bodies (bearer tokens) never appear.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case couldNotConnect, timedOut, connectionClosed, tlsFailure, responseTooLarge
            case invalidRequest, cancelled, shutdown, other
        }

        private let value: Value

        /// Name resolution or TCP connect failed.
        public static let couldNotConnect = Code(value: .couldNotConnect)
        /// The connect or total timeout expired.
        public static let timedOut = Code(value: .timedOut)
        /// The connection broke or the server closed it before a full response.
        public static let connectionClosed = Code(value: .connectionClosed)
        /// The TLS handshake or certificate verification failed.
        public static let tlsFailure = Code(value: .tlsFailure)
        /// The body exceeded ``HTTPClientConfiguration/maxResponseBytes``.
        public static let responseTooLarge = Code(value: .responseTooLarge)
        /// The request could not be built (bad URL, unsupported scheme, CR/LF in a header).
        public static let invalidRequest = Code(value: .invalidRequest)
        /// The calling task was cancelled.
        public static let cancelled = Code(value: .cancelled)
        /// The client was shut down before the request finished.
        public static let shutdown = Code(value: .shutdown)
        /// Anything else curl reported.
        public static let other = Code(value: .other)

        /// A short phrase for messages, e.g. "timed out".
        public var description: String {
            switch value {
            case .couldNotConnect: "could not connect"
            case .timedOut: "timed out"
            case .connectionClosed: "connection closed"
            case .tlsFailure: "TLS failure"
            case .responseTooLarge: "response too large"
            case .invalidRequest: "invalid request"
            case .cancelled: "cancelled"
            case .shutdown: "client shut down"
            case .other: "failed"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// False only when no byte of the request can have reached the server.
    public var requestSent: Bool
    /// curl's explanation, naming the failing call; never headers or body.
    public var message: String
    /// The request method, for the description; empty when no request was involved.
    public private(set) var method: String
    /// The request URL without query, fragment or credentials, for the description.
    public private(set) var url: String

    /// Creates an error; `url` is redacted here so no caller can leak a query or password.
    public init(code: Code, requestSent: Bool, message: String, method: String = "", url: String = "") {
        self.code = code
        self.requestSent = requestSent
        self.message = message
        self.method = method
        self.url = Self.redacted(url)
    }

    /// e.g. "POST http://127.0.0.1:8080/api/v1/orders failed: timed out (...); the request was sent".
    public var description: String {
        let target = method.isEmpty && url.isEmpty ? "HTTP request" : "\(method) \(url)"
        let detail = message.isEmpty ? "" : " (\(message))"
        let sent = requestSent ? "the request was sent" : "the request was not sent"
        return "\(target) failed: \(code)\(detail); \(sent)"
    }

    /// The same error, described as a failure of `request`.
    func attributed(to request: HTTPRequest) -> HTTPClientError {
        HTTPClientError(code: code, requestSent: requestSent, message: message, method: request.method.rawValue, url: request.url)
    }

    /// Drops query, fragment and user-info: signed query strings and `user:password@` are secrets.
    static func redacted(_ url: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            text = text[..<cut]
        }
        guard let schemeEnd = text.indices.first(where: { text[$0...].hasPrefix("://") }) else { return String(text) }
        let authorityStart = text.index(schemeEnd, offsetBy: 3)
        let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
        if let at = text[authorityStart..<authorityEnd].lastIndex(of: "@") {
            text.removeSubrange(authorityStart...at)
        }
        return String(text)
    }
}
