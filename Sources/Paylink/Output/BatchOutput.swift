/// One batch in `paylink batch show --json` and `paylink batch list --json`: its figures, with
/// Unix-millisecond times (Redis clock); `finishedAt` is absent while orders are outstanding.
public struct BatchOutput: Encodable, Sendable {
    public let batchId: String
    public let total: Int
    public let succeeded: Int
    public let failed: Int
    public let invalid: Int
    public let unknown: Int
    public let pending: Int
    public let done: Int
    public let finished: Bool
    public let createdAt: Int64?
    public let finishedAt: Int64?

    public init(_ status: BatchStatus) {
        batchId = status.batchId
        total = status.total
        succeeded = status.succeeded
        failed = status.failed
        invalid = status.invalid
        unknown = status.unknown
        pending = status.pending
        done = status.done
        finished = status.finishedAt != nil
        createdAt = status.createdAt
        finishedAt = status.finishedAt
    }
}
