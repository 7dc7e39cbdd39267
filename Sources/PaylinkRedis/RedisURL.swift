/// Where and how to connect: host, port, credentials and database, parsed from a `redis://` URL,
/// or a `rediss://` URL for TLS.
///
/// Accepted forms: `redis://host`, `redis://host:6380/2`, `redis://:password@host`,
/// `redis://user:password@host` (user and password percent-decoded), `redis://user@host` (the
/// password comes from elsewhere, such as a file), `redis://[::1]:6379`, and each with
/// `rediss://`. ``description`` hides the password, so a URL can be logged.
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
    /// Whether the connection uses TLS (`rediss://`), verifying the server's certificate for ``host``.
    public var usesTLS: Bool

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
        let usesTLS = lowercased.hasPrefix("rediss://")
        guard usesTLS || lowercased.hasPrefix("redis://") else {
            throw Self.invalid("unsupported scheme (expected redis:// or rediss://)")
        }
        let scheme = usesTLS ? "rediss://" : "redis://"
        // The user info may hold any character (passwords are not always percent-encoded), so
        // split it off at the last "@" before looking for the path.
        var rest = Substring(string.dropFirst(scheme.count))
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":") ?? userInfo.endIndex
            let user = try Self.percentDecoded(userInfo[..<colon], part: "user name")
            username = user.isEmpty ? nil : user
            if colon < userInfo.endIndex {
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...], part: "password")
            } else if user.isEmpty {
                throw Self.invalid("empty user name before '@'")
            }
        }
        if rest.contains("?") || rest.contains("#") {
            throw Self.invalid("query and fragment are not supported")
        }
        var hostPort = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            hostPort = rest[..<slash]
        }
        let (host, port) = try Self.hostAndPort(hostPort)
        var database = 0
        if !path.isEmpty {
            guard let db = Int(path), db >= 0 else { throw Self.invalid("invalid database '\(path)'") }
            database = db
        }
        self.init(
            host: host, port: port, username: username, password: password, database: database, usesTLS: usesTLS)
    }

    public var description: String {
        var userInfo = ""
        if password != nil {
            userInfo = "\(username ?? ""):***@"
        } else if let username {
            userInfo = "\(username)@"
        }
        return "\(usesTLS ? "rediss" : "redis")://\(userInfo)\(endpoint)"
    }

    /// `host:port/database`, without credentials: names the server and database a piece of
    /// state belongs to (a worker's spool records it and checks it before replaying).
    public var endpoint: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(shownHost):\(port)/\(database)"
    }

    private static func hostAndPort(_ text: Substring) throws(RedisError) -> (String, Int) {
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
        guard let portText else { return (String(host), 6379) }
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

    private static func invalid(_ message: String) -> RedisError {
        RedisError(code: .invalidURL, message: message)
    }
}
