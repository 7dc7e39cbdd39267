public import Paylink

/// `GET /api/order?id=`: one order, from its shard: the result hash with every field, and the
/// raw element when it is in the dead list or parked as unknown.
public struct OrderModel: Encodable, Sendable {
    /// The queue (shard) that holds it.
    public var queue: String
    public var orderId: String
    /// False when there is no result hash (not taken yet, or deleted by retention).
    public var found: Bool
    /// The result hash, every field under its name (counts and times as numbers, flags as
    /// booleans), as `paylink result --json` shows it; null when not found.
    public var result: ResultFieldsOutput?
    /// Its dead-list entry (reason, error, attempts, element), when it is in the dead list.
    public var dead: DeadEntryOutput?
    /// The element as pushed, when it is parked as unknown.
    public var unknownElement: String?
    /// True when more than one call may have created a link (`possibleDuplicate`, `unsure`, or
    /// the dead entry's `mayHaveLink`): a retry must be confirmed.
    public var mayHaveLink: Bool
}

/// `GET /api/order?prefix=`: orders whose orderId starts with the prefix, from the `finished`
/// index of each queue (orders that reached a final status), scanned with a hard cap.
public struct OrderSearchModel: Encodable, Sendable {
    public struct Match: Encodable, Sendable {
        public var queue: String
        public var orderId: String
        /// The result's status now; null when the hash is gone.
        public var status: String?
    }

    public var prefix: String
    public var matches: [Match]
    /// False when a cap (``DashboardReader/prefixMaxMatches`` matches, or
    /// ``DashboardReader/prefixMaxScanCalls`` `ZSCAN` calls per shard) stopped the scan: a
    /// longer prefix finds the rest.
    public var complete: Bool
}
