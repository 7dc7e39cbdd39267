/// A Lua script run by SHA-1 with `EVALSHA`, loaded on demand.
///
/// Create it once (a `static let` beside the method that runs it) and pass it to
/// ``RedisClient/run(_:keys:arguments:)``, which sends only the SHA-1 unless the server has
/// not seen the script yet.
public struct RedisScript: Sendable {
    /// The Lua source.
    public let source: String
    /// The lower-case hex SHA-1 of ``source``, as `SCRIPT LOAD` returns it.
    public let sha1: String

    /// Creates a script and computes its SHA-1.
    public init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hexDigest(Array(source.utf8))
    }
}
