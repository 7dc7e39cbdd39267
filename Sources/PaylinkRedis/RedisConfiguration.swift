/// How a ``RedisClient`` connects, times out and reconnects.
public struct RedisConfiguration: Sendable {
    /// Server address, credentials and database; `rediss://` connects with TLS.
    public var url: RedisURL
    /// What a `rediss://` connection trusts and presents; `nil` trusts the system's CA store and
    /// sends no client certificate. Not used for `redis://`.
    public var tls: RedisTLSContext?
    /// Longest wait for the TCP connect of one attempt, and again for its TLS handshake.
    public var connectTimeout: Duration
    /// Socket read/write timeout for ordinary commands; also how long a command queued while
    /// disconnected waits for a reconnect before failing with `.connectionFailed`.
    public var commandTimeout: Duration
    /// First reconnect delay; doubles per failed attempt (with jitter).
    public var reconnectBackoffBase: Duration
    /// Largest reconnect delay.
    public var reconnectBackoffCap: Duration
    /// Names the client's thread `paylink-<name>` and tags its log lines.
    public var name: String
    /// Called for every failed call (a connection error, or an error reply a call throws; not
    /// cancellations, nor the `NOSCRIPT` a script call answers itself): metrics count them.
    public var errorObserver: (@Sendable (RedisError.Code) -> Void)?

    /// Creates a configuration; the defaults suit a Redis server on the local network.
    public init(
        url: RedisURL,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(5),
        reconnectBackoffBase: Duration = .milliseconds(50),
        reconnectBackoffCap: Duration = .seconds(2),
        name: String = "redis"
    ) {
        self.url = url
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoffBase = reconnectBackoffBase
        self.reconnectBackoffCap = reconnectBackoffCap
        self.name = name
    }
}
