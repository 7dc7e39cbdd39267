/// The sentinels' own credentials, apart from the data node's (those are in the URL, or its
/// password file): a deployment usually protects its sentinels with another password, or none.
public struct RedisSentinelSettings: Sendable, Equatable, CustomStringConvertible {
    /// ACL user for `AUTH` on a sentinel; `nil` uses the default user.
    public var username: String?
    /// Password for `AUTH` on a sentinel; `nil` skips `AUTH` (a sentinel without `requirepass`).
    public var password: String?

    /// Creates settings; with no arguments the sentinels are asked without `AUTH`.
    public init(username: String? = nil, password: String? = nil) {
        self.username = username
        self.password = password
    }

    /// The user and whether a password is set; never the password.
    public var description: String {
        "sentinel user \(username ?? "default"), \(password == nil ? "no password" : "password set")"
    }
}
