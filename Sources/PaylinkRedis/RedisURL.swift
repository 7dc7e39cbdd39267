/// Where and how to connect: host, port, credentials and database, parsed from a `redis://` URL,
/// a `rediss://` URL for TLS, or a `redis-sentinel://` URL naming sentinels and a master.
///
/// Accepted forms: `redis://host`, `redis://host:6380/2`, `redis://:password@host`,
/// `redis://user:password@host` (user and password percent-decoded), `redis://user@host` (the
/// password comes from elsewhere, such as a file), `redis://[::1]:6379`, and each with
/// `rediss://`; `redis://host:port,host:port[/0]`, the seed nodes of a Redis Cluster (see
/// `RedisURL+cluster.swift`); and `redis-sentinel://[user:pass@]host:port[,host:port...][/db]#master`
/// (see `RedisURL+sentinel.swift`). ``description`` hides the password, so a URL can be logged.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// TCP port, 6379 by default.
    public var port: Int
    /// ACL user name, sent with `AUTH user password`; `nil` uses the default user.
    public var username: String?
    /// Password sent with `AUTH` on every (re)connect; `nil` skips `AUTH`.
    public var password: String?
    /// Database selected with `SELECT` on every (re)connect when not 0.
    public var database: Int
    /// Whether the connection uses TLS (`rediss://`, `rediss-sentinel://`), verifying the server's certificate for ``host``.
    public var usesTLS: Bool
    /// The sentinels to ask for the master, in the order given; empty unless the URL is a
    /// `redis-sentinel://` one, whose ``host`` and ``port`` are then the first sentinel's.
    public var sentinels: [RedisNodeAddress] = []
    /// The name the sentinels monitor the master under (the URL's `#fragment`); `nil` unless the
    /// URL is a `redis-sentinel://` one.
    public var masterName: String?
    /// The seed nodes of a `redis://h1:p1,h2:p2` URL, in the order given, when it lists more than
    /// one host (``host`` and ``port`` are then the first's); empty for a one-host URL.
    public var clusterSeeds: [RedisNodeAddress] = []

    /// Creates a URL from its parts.
    public init(
        host: String, port: Int = 6379, username: String? = nil, password: String? = nil,
        database: Int = 0, usesTLS: Bool = false
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.usesTLS = usesTLS
    }

    /// Parses `redis[s]://[user[:password]@]host[:port][/db]`.
    /// - Throws: ``RedisError/Code/invalidURL`` naming the faulty part, never echoing the password.
    public init(_ string: String) throws(RedisError) {
        let lowercased = string.lowercased()
        if lowercased.hasPrefix("redis-sentinel://") || lowercased.hasPrefix("rediss-sentinel://") {
            self = try Self(sentinelURL: string)
            return
        }
        let usesTLS = lowercased.hasPrefix("rediss://")
        guard usesTLS || lowercased.hasPrefix("redis://") else {
            throw Self.invalid("unsupported scheme (expected redis:// or rediss://, or redis-sentinel:// for Sentinel)")
        }
        let scheme = usesTLS ? "rediss://" : "redis://"
        var rest = Substring(string.dropFirst(scheme.count))
        let (username, password) = try Self.splitUserInfo(&rest)
        if rest.contains("?") || rest.contains("#") {
            throw Self.invalid("query and fragment are not supported")
        }
        let (hostPort, database) = try Self.splitDatabase(rest)
        let seeds = try Self.hostList(hostPort)
        if seeds.count > 1 && database != 0 {
            throw Self.invalid("database \(database) with several hosts: a Redis Cluster has only database 0")
        }
        self.init(
            host: seeds[0].host, port: seeds[0].port, username: username, password: password, database: database,
            usesTLS: usesTLS)
        if seeds.count > 1 { clusterSeeds = seeds }
    }

    public var description: String {
        var userInfo = ""
        if password != nil {
            userInfo = "\(username ?? ""):***@"
        } else if let username {
            userInfo = "\(username)@"
        }
        if let masterName {
            let hosts = sentinels.map(\.description).joined(separator: ",")
            return "\(usesTLS ? "rediss" : "redis")-sentinel://\(userInfo)\(hosts)/\(database)#\(masterName)"
        }
        return "\(usesTLS ? "rediss" : "redis")://\(userInfo)\(endpoint)"
    }

    /// `host:port/database`, without credentials: names the server and database a piece of
    /// state belongs to (a worker's spool records it and checks it before replaying). For a
    /// Sentinel URL it is `sentinel:<master>/<database>`: the data stays the same data when a
    /// failover moves it to another host, so a spool written before one still replays after it.
    public var endpoint: String {
        if let masterName { return "sentinel:\(masterName)/\(database)" }
        if !clusterSeeds.isEmpty { return clusterSeeds.map(\.description).joined(separator: ",") + "/\(database)" }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(shownHost):\(port)/\(database)"
    }

    /// Takes `user[:password]@` off the front of `rest`, percent-decoded.
    static func splitUserInfo(_ rest: inout Substring) throws(RedisError) -> (username: String?, password: String?) {
        // The user info may hold any character (passwords are not always percent-encoded), so
        // split it off at the last "@" before looking for the path.
        guard let at = rest.lastIndex(of: "@") else { return (nil, nil) }
        let userInfo = rest[..<at]
        rest = rest[rest.index(after: at)...]
        let colon = userInfo.firstIndex(of: ":") ?? userInfo.endIndex
        let user = try percentDecoded(userInfo[..<colon], part: "user name")
        var password: String?
        if colon < userInfo.endIndex {
            password = try percentDecoded(userInfo[userInfo.index(after: colon)...], part: "password")
        } else if user.isEmpty {
            throw invalid("empty user name before '@'")
        }
        return (user.isEmpty ? nil : user, password)
    }

    /// Splits `hosts[/db]` into the hosts and the database number (0 when absent).
    static func splitDatabase(_ rest: Substring) throws(RedisError) -> (Substring, Int) {
        guard let slash = rest.firstIndex(of: "/") else { return (rest, 0) }
        let path = rest[rest.index(after: slash)...]
        var database = 0
        if !path.isEmpty {
            guard let db = Int(path), db >= 0 else { throw invalid("invalid database '\(path)'") }
            database = db
        }
        return (rest[..<slash], database)
    }

    static func hostAndPort(_ text: Substring, defaultPort: Int) throws(RedisError) -> (String, Int) {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw invalid("missing host") }
        guard let portText else { return (String(host), defaultPort) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw invalid("invalid port '\(portText)'")
        }
        return (String(host), port)
    }

    private static func percentDecoded(_ text: Substring, part: String) throws(RedisError) -> String {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw invalid("invalid percent-encoding in \(part)")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw invalid("\(part) is not valid UTF-8 after percent-decoding")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func invalid(_ message: String) -> RedisError {
        RedisError(code: .invalidURL, message: message)
    }
}
