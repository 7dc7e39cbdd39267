/// A complete HTTP response: the final status, its headers and the whole body.
///
/// Any status is a response, not an error; callers decide what 4xx and 5xx mean.
public struct HTTPResponse: Sendable {
    /// The status code of the final response (interim 1xx responses are skipped).
    public var status: Int
    /// Header fields of the final response, in order.
    public var headers: HTTPHeaders
    /// The body bytes, at most ``HTTPClientConfiguration/maxResponseBytes``.
    public var body: [UInt8]

    /// Creates a response; the client builds these, tests and stand-ins may too.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// How long the server asked the caller to wait (`Retry-After`), as delta-seconds or an
    /// HTTP-date measured from now; nil when absent or unreadable, zero for a date in the past.
    public var retryAfter: Duration? {
        guard let value = headers["Retry-After"] else { return nil }
        return RetryAfter.parse(value, now: RetryAfter.currentUnixTime())
    }
}
