/// Where a batch stands, from its hash `paylink:{<queue>}:batch:<batchId>`.
public struct BatchStatus: Sendable, Equatable {
    public var batchId: String
    /// Distinct orders registered in the batch.
    public var total: Int
    public var succeeded: Int
    public var failed: Int
    public var invalid: Int
    public var unknown: Int
    /// Unix ms (Redis clock).
    public var createdAt: Int64?
    /// Unix ms when the last order reached a final status; nil while orders are outstanding.
    public var finishedAt: Int64?

    /// Orders with a final result. The figures come from a Redis hash anyone with access can
    /// edit, so sums saturate instead of trapping.
    public var done: Int { [succeeded, failed, invalid, unknown].reduce(0, Self.add) }
    /// Orders not final yet: waiting, in flight or retrying.
    public var pending: Int {
        let (left, overflow) = total.subtractingReportingOverflow(done)
        return overflow ? 0 : max(left, 0)
    }

    /// `a + b`, saturating at Int.min/Int.max.
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    init(batchId: String, fields: [String: String]) {
        self.batchId = batchId
        total = Int(fields[BatchField.total.rawValue] ?? "") ?? 0
        succeeded = Int(fields[OrderStatus.succeeded.rawValue] ?? "") ?? 0
        failed = Int(fields[OrderStatus.failed.rawValue] ?? "") ?? 0
        invalid = Int(fields[OrderStatus.invalid.rawValue] ?? "") ?? 0
        unknown = Int(fields[OrderStatus.unknown.rawValue] ?? "") ?? 0
        createdAt = fields[BatchField.createdAt.rawValue].flatMap { Int64($0) }
        finishedAt = fields[BatchField.finishedAt.rawValue].flatMap { Int64($0) }
    }
}

extension BatchStatus {
    /// One batch's figures summed over the shards of a sharded queue (each shard counts its own
    /// orders); finished when every shard that has some of its orders is.
    public static func combined(_ parts: [BatchStatus]) -> BatchStatus? {
        guard var whole = parts.first else { return nil }
        for part in parts.dropFirst() {
            whole.total = add(whole.total, part.total)
            whole.succeeded = add(whole.succeeded, part.succeeded)
            whole.failed = add(whole.failed, part.failed)
            whole.invalid = add(whole.invalid, part.invalid)
            whole.unknown = add(whole.unknown, part.unknown)
            whole.createdAt = [whole.createdAt, part.createdAt].compactMap { $0 }.min()
            whole.finishedAt = whole.finishedAt.flatMap { mine in part.finishedAt.map { max(mine, $0) } }
        }
        return whole
    }
}
