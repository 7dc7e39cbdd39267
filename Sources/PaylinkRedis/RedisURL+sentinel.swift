/// `redis-sentinel://[user[:password]@]host[:port][,host[:port]...][/db]#master`: the form Lettuce
/// and redis-py read. The hosts are sentinels (port 26379 by default), asked in turn for the
/// address of the master monitored as `master`; `db` is the database on that master.
///
/// The user and password in the URL are the data node's (the master's), as in every other form:
/// the sentinels' own credentials, when they have any, are ``RedisSentinelSettings``, set apart
/// (`--redis-sentinel-user`, `--redis-sentinel-password-file`).
///
/// `rediss-sentinel://` is the same over TLS: the sentinels and the master they name are both
/// reached with TLS, verified by one CA (`--redis-ca-file`), with one client certificate.
extension RedisURL {
    /// Sentinel's default port.
    public static let defaultSentinelPort = 26379
    /// Most sentinels one URL may list: a deployment runs three or five; more is a typo.
    public static let maxSentinels = 16

    /// Whether this is a `redis-sentinel://` URL, whose master the sentinels name.
    public var usesSentinel: Bool { masterName != nil }

    init(sentinelURL string: String) throws(RedisError) {
        let usesTLS = string.lowercased().hasPrefix("rediss-sentinel://")
        var rest = Substring(string.dropFirst(usesTLS ? "rediss-sentinel://".count : "redis-sentinel://".count))
        // The master name is the fragment: take it first, so a '#' in a password before it stays
        // part of the password.
        guard let hash = rest.lastIndex(of: "#") else {
            throw Self.invalid("missing master name: end a redis-sentinel:// URL with #<master-name>")
        }
        let name = rest[rest.index(after: hash)...]
        rest = rest[..<hash]
        guard !name.isEmpty else { throw Self.invalid("empty master name after '#'") }
        guard name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !$0.properties.isWhitespace }) else {
            throw Self.invalid("master name must not contain spaces or control characters")
        }
        guard name.utf8.count <= 256 else { throw Self.invalid("master name is longer than 256 bytes") }
        let (username, password) = try Self.splitUserInfo(&rest)
        if rest.contains("?") { throw Self.invalid("query is not supported") }
        let (hostList, database) = try Self.splitDatabase(rest)
        let parts = hostList.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= Self.maxSentinels else {
            throw Self.invalid("\(parts.count) sentinels listed; at most \(Self.maxSentinels) are accepted")
        }
        var sentinels: [RedisNodeAddress] = []
        for (index, part) in parts.enumerated() {
            do throws(RedisError) {
                let (host, port) = try Self.hostAndPort(part, defaultPort: Self.defaultSentinelPort)
                sentinels.append(RedisNodeAddress(host: host, port: port))
            } catch {
                throw Self.invalid("sentinel \(index + 1): \(error.message)")
            }
        }
        self.init(
            host: sentinels[0].host, port: sentinels[0].port, username: username, password: password, database: database,
            usesTLS: usesTLS)
        self.sentinels = sentinels
        masterName = String(name)
    }
}
