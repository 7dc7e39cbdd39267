/// One server's host and port: the URL's own for a single Redis, the master the sentinels name,
/// or one node of a cluster. A connection always opens to an address, never straight to a URL,
/// so the three topologies share one connection type.
public struct RedisNodeAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates an address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with an IPv6 address in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension RedisURL {
    /// The server this URL names directly (its first host).
    public var address: RedisNodeAddress { RedisNodeAddress(host: host, port: port) }
}

extension RedisURL {
    /// The nodes a cluster client may start from: every host the URL lists.
    public var seeds: [RedisNodeAddress] { clusterSeeds.isEmpty ? [address] : clusterSeeds }
}
