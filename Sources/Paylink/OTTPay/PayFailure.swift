/// Why no payment link came back, sorted by what it means for the order.
public struct PayFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The API refused the order itself (10005, or another 4xx): never retried.
        case invalidOrder
        /// The appId/appKey were refused (10003, or 401): a configuration problem, not the order's.
        case credentials
        /// The API says the endpoint is wrong (404, 405): a wrong base URL or path, which would
        /// fail every order alike. The worker stops like on refused credentials; no order fails.
        case configuration
        /// HTTP 429: nothing was created; retry after `retryAfter`.
        case rateLimited
        /// Failed before the request was sent, or refused with nothing created (503, 20004,
        /// 408, 425, and a 403 without the API's 10003, which a proxy or WAF in front sends).
        case transient
        /// The request was sent and no clear answer came back: a link may exist.
        case ambiguous
        /// The API answered with an ERROR code paylink does not know: a definite refusal.
        case refused
    }

    public var kind: Kind
    /// The API's error code (`10005`), or a paylink code (`http_502`, `timeout`, `bad_response`).
    public var code: String
    public var message: String
    /// The server's `Retry-After`, when it sent one.
    public var retryAfter: Duration?

    public init(kind: Kind, code: String, message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(kind.rawValue) (\(code)): \(message)" }
}
