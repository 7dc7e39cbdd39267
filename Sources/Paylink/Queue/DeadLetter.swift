/// One entry of a queue's dead list: an order that failed for good, or an element with no
/// usable orderId (then `orderId` is nil and `id` is `job:<jobId>`).
public struct DeadLetter: Sendable, Equatable {
    public var id: String
    public var orderId: String?
    public var errorCode: String
    public var errorMessage: String
    public var attempts: Int
    /// Unix ms (Redis clock).
    public var deadAt: Int64
    /// The element exactly as it was pushed.
    public var element: String
    /// Whether the order's last call may have created a link: a retry of it is sent flagged
    /// `possibleDuplicate` (or parked under `--ambiguous park`).
    public var mayHaveLink: Bool

    /// Reads a record written by the queue scripts; nil when it is not one.
    public init?(record: [UInt8]) {
        guard let members = try? JSONValue.parse(record).objectValue, let id = members["id"]?.stringValue else { return nil }
        self.id = id
        self.orderId = members["orderId"]?.stringValue
        self.errorCode = members["errorCode"]?.stringValue ?? ""
        self.errorMessage = members["errorMessage"]?.stringValue ?? ""
        // cjson writes integers as plain digits (up to 14 significant ones, enough for Unix ms);
        // an edited record may hold anything, which reads as 0 rather than trapping.
        self.attempts = members["attempts"]?.exactInt64.flatMap { Int(exactly: $0) } ?? 0
        self.deadAt = members["deadAt"]?.exactInt64 ?? 0
        self.element = members["element"]?.stringValue ?? ""
        self.mayHaveLink = members["mayHaveLink"] == .bool(true)
    }
}
