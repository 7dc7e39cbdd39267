/// A Redis server version, read from `INFO server` at worker start.
///
/// The queue needs Redis 6.2: the claim pops with `RPOP key count` and the idle wait uses
/// `BLMOVE`, both new in 6.2. On an older server every claim would fail forever, so a worker
/// refuses to start on one, naming the version it found.
struct RedisVersion: Sendable, Comparable, CustomStringConvertible {
    static let minimum = RedisVersion(major: 6, minor: 2, patch: 0)

    var major: Int
    var minor: Int
    var patch: Int

    init(major: Int, minor: Int, patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Reads `redis_version:<x.y.z>` from the text of `INFO` (any section list that includes
    /// `server`); nil when the line is missing or not a version.
    init?(info: String) {
        // `\r\n` is one Character in Swift, so split on any newline, not on "\r" and "\n".
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("redis_version:") })
        else { return nil }
        self.init(line.dropFirst("redis_version:".count))
    }

    /// Parses `x.y.z` (a missing patch counts as 0; anything after a `-` is ignored).
    init?(_ text: some StringProtocol) {
        let numbers = text.prefix { $0 != "-" }.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(numbers.count) else { return nil }
        let parts = numbers.map { part -> Int? in
            guard !part.isEmpty, part.count <= 6, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(part)
        }
        guard let major = parts[0], let minor = parts[1] else { return nil }
        let patch = parts.count == 3 ? parts[2] : 0
        guard let patch else { return nil }
        self.init(major: major, minor: minor, patch: patch)
    }

    /// Whether the queue's commands exist on this server.
    var isSupported: Bool { self >= Self.minimum }

    static func < (lhs: RedisVersion, rhs: RedisVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    var description: String { "\(major).\(minor).\(patch)" }
}
