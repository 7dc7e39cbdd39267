/// Limits and identity for one ``HTTPClient``; the defaults suit a payment API on a fast network.
public struct HTTPClientConfiguration: Sendable {
    /// Time allowed to open a TCP (and TLS) connection.
    public var connectTimeout: Duration = .seconds(3)
    /// Total time allowed per request unless ``HTTPRequest/timeout`` overrides it.
    public var timeout: Duration = .seconds(10)
    /// Most connections open to one host at once; further requests wait inside curl for a free one.
    public var maxConnectionsPerHost: Int = 512
    /// Largest response body accepted; a bigger one fails with ``HTTPClientError/Code/responseTooLarge``.
    public var maxResponseBytes: Int = 1 << 20
    /// A keep-alive connection idle longer than this is closed instead of reused: the server may
    /// be closing it at the same moment, and curl then silently re-sends the request (a POST too).
    public var maxIdleConnectionAge: Duration = .seconds(20)
    /// The `User-Agent` header sent with every request.
    public var userAgent: String = "paylink/0.1"

    /// Creates a configuration; every parameter has the default documented on its property.
    public init(
        connectTimeout: Duration = .seconds(3),
        timeout: Duration = .seconds(10),
        maxConnectionsPerHost: Int = 512,
        maxResponseBytes: Int = 1 << 20,
        maxIdleConnectionAge: Duration = .seconds(20),
        userAgent: String = "paylink/0.1"
    ) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxResponseBytes = maxResponseBytes
        self.maxIdleConnectionAge = maxIdleConnectionAge
        self.userAgent = userAgent
    }
}
