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
    /// A keep-alive connection idle longer than this is closed instead of reused (whole seconds,
    /// at least 1). It must stay below the server's keep-alive timeout: a request sent as the
    /// server closes an idle connection fails, and since curl may not re-send a POST by itself
    /// (see `CurlEasyHandle.setBody`) it fails as "may have been sent", an ambiguous payment
    /// call. Common server timeouts are 5 s (Node.js, Apache httpd), 20 s (Tomcat), 60 s (AWS
    /// load balancers) and 75 s (nginx), so 4 s stays below them; an idle connection is cheap
    /// to reopen, and a busy worker reuses its connections within milliseconds anyway.
    public var maxIdleConnectionAge: Duration = .seconds(4)
    /// The `User-Agent` header sent with every request.
    public var userAgent: String = "paylink/0.1"
    /// Called on the client's own thread as each request finishes (not for cancelled ones):
    /// keep it to a few atomic updates. Metrics use it to count every call, token calls included.
    public var observer: (@Sendable (HTTPExchange) -> Void)?

    /// Creates a configuration; every parameter has the default documented on its property.
    public init(
        connectTimeout: Duration = .seconds(3),
        timeout: Duration = .seconds(10),
        maxConnectionsPerHost: Int = 512,
        maxResponseBytes: Int = 1 << 20,
        maxIdleConnectionAge: Duration = .seconds(4),
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
