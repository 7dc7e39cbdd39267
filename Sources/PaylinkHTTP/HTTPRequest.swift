/// One HTTP request for ``HTTPClient/execute(_:)``.
///
/// The body is sent as is; set `Content-Type` yourself (no default is added).
public struct HTTPRequest: Sendable {
    /// The request methods paylink needs.
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case delete = "DELETE"
    }

    /// The request method.
    public var method: Method
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields sent in order; may carry secrets, so they never appear in errors.
    public var headers: HTTPHeaders
    /// The request body; empty for none.
    public var body: [UInt8]
    /// Total time allowed for this request; nil uses ``HTTPClientConfiguration/timeout``.
    public var timeout: Duration?

    /// Creates a request.
    /// - Parameters:
    ///   - method: The request method, GET by default.
    ///   - url: An absolute `http://` or `https://` URL.
    ///   - headers: Header fields to send.
    ///   - body: The body bytes; empty for none.
    ///   - timeout: Total time allowed, or nil for the client's default.
    public init(
        method: Method = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
