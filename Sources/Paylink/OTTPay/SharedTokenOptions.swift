/// Timings of `SharedTokenProvider`; the refresh margin itself is
/// `OTTPayConfiguration.tokenRefreshMargin`.
public struct SharedTokenOptions: Sendable {
    /// How often a process with no valid token looks in Redis while another process refreshes.
    /// Short, because callers are waiting; each look is one small script call.
    public var pollInterval: Duration
    /// How often a process whose token is within the refresh margin (but still valid) looks in
    /// Redis again while another process holds the refresh lock. Callers never wait for it.
    public var recheckInterval: Duration
    /// How long the refresh lock lasts if its owner dies; longer than a token call can take
    /// (the HTTP client's default timeout is 10 s).
    public var lockTimeout: Duration
    /// After a Redis failure, how long each process fetches its own token before trying Redis again.
    public var redisRetryInterval: Duration

    /// Creates options; the defaults suit 15-minute tokens and a 60-second margin.
    public init(
        pollInterval: Duration = .milliseconds(50),
        recheckInterval: Duration = .seconds(1),
        lockTimeout: Duration = .seconds(15),
        redisRetryInterval: Duration = .seconds(10)
    ) {
        self.pollInterval = pollInterval
        self.recheckInterval = recheckInterval
        self.lockTimeout = lockTimeout
        self.redisRetryInterval = redisRetryInterval
    }
}
