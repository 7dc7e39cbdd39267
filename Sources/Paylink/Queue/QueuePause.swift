/// An operator's pause of one queue (`paylink queue pause`), as stored in `QueueKeys.paused`.
///
/// While it stands no worker of the fleet claims from the queue; orders already in flight
/// finish, expired leases and due retries still go back to `pending`, where they wait. It lives
/// in Redis, so it outlasts worker restarts until `paylink queue resume`.
public struct QueuePause: Sendable, Equatable {
    /// Field names of the `paused` hash.
    public enum Field {
        public static let reason = "reason"
        public static let by = "by"
        public static let at = "at"
    }

    /// Why the operator paused it (may be empty).
    public var reason: String
    /// Who paused it: `user@host` of the `paylink` command, or `cli`.
    public var by: String
    /// When it was first paused: Unix ms, Redis clock; nil when the field is unreadable.
    public var at: Int64?

    public init(reason: String, by: String, at: Int64?) {
        self.reason = reason
        self.by = by
        self.at = at
    }

    /// The pause a `HGETALL` of the hash describes, or nil for an empty hash (not paused).
    init?(fields: [String: String]) {
        guard !fields.isEmpty else { return nil }
        self.init(reason: fields[Field.reason] ?? "", by: fields[Field.by] ?? "", at: fields[Field.at].flatMap { Int64($0) })
    }
}
