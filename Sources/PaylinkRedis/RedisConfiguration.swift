/// How a ``RedisClient`` connects, times out and reconnects.
public struct RedisConfiguration: Sendable {
    /// Server address, credentials and database; `rediss://` connects with TLS;
    /// `redis-sentinel://` asks the sentinels it lists where the master is.
    public var url: RedisURL {
        didSet { resolver = Self.resolver(for: url, sentinel: sentinel, tls: tls) }
    }
    /// Credentials for the sentinels of a `redis-sentinel://` URL (the URL's own are the data
    /// node's). Not used for other URLs.
    public var sentinel = RedisSentinelSettings() {
        didSet { resolver = Self.resolver(for: url, sentinel: sentinel, tls: tls) }
    }
    /// Where the master is, for a `redis-sentinel://` URL; `nil` otherwise. A reference shared by
    /// every copy of this configuration, so all the clients of a process built from one
    /// configuration resolve, follow a failover and watch `+switch-master` together.
    private(set) var resolver: RedisSentinelResolver?
    /// What a `rediss://` or `rediss-sentinel://` connection trusts and presents; `nil` trusts
    /// the system's CA store and sends no client certificate. Not used for `redis://`.
    public var tls: RedisTLSContext? {
        didSet { resolver = Self.resolver(for: url, sentinel: sentinel, tls: tls) }
    }
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
    /// Whether the client asks its first server if it is a Redis Cluster node.
    public var topology = Topology.automatic

    /// How a client learns whether it talks to one server or to a Redis Cluster.
    public enum Topology: Sendable {
        /// The first call asks (`CLUSTER SHARDS`); a cluster is then followed node by node.
        case automatic
        /// The URL's server is used alone, even if it is a cluster node: for tools and tests
        /// that must talk to one particular node (`CLUSTER SETSLOT`, `CLUSTER FAILOVER`).
        case singleNode
    }

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
        resolver = Self.resolver(for: url, sentinel: RedisSentinelSettings(), tls: nil)
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoffBase = reconnectBackoffBase
        self.reconnectBackoffCap = reconnectBackoffCap
        self.name = name
    }

    private static func resolver(
        for url: RedisURL, sentinel: RedisSentinelSettings, tls: RedisTLSContext?
    ) -> RedisSentinelResolver? {
        guard let masterName = url.masterName else { return nil }
        return RedisSentinelResolver(
            sentinels: url.sentinels, masterName: masterName, settings: sentinel, usesTLS: url.usesTLS, tls: tls)
    }
}

extension RedisConfiguration {
    /// Whether both configurations resolve the master through the same resolver (so their
    /// clients follow a failover together); false when either has no Sentinel URL.
    public func sharesSentinelResolver(with other: RedisConfiguration) -> Bool {
        guard let resolver, let theirs = other.resolver else { return false }
        return resolver === theirs
    }
}
