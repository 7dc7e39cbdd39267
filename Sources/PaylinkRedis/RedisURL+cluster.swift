/// The host list of a `redis://` URL for a Redis Cluster: `redis://h1:6379,h2:6380,[::1]:6381/0`.
///
/// Every host is a seed: the client asks them in turn for the slot map until one answers, so a
/// seed that is down is skipped. One host is an ordinary URL (which may still point at a
/// cluster node: the client finds out at its first command).
extension RedisURL {
    /// At most this many seeds: a few on different machines are enough to find the cluster.
    public static let maxClusterSeeds = 16

    /// Parses `host[:port]` items separated by commas, each with the single-host rules.
    static func hostList(_ text: Substring) throws(RedisError) -> [RedisNodeAddress] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= maxClusterSeeds else {
            throw invalid("\(items.count) hosts (at most \(maxClusterSeeds) seed nodes)")
        }
        var seeds: [RedisNodeAddress] = []
        for (index, item) in items.enumerated() {
            guard !item.isEmpty || items.count == 1 else { throw invalid("empty host at position \(index + 1) of the host list") }
            let (host, port) = try hostAndPort(item, defaultPort: 6379)
            seeds.append(RedisNodeAddress(host: host, port: port))
        }
        return seeds
    }
}
