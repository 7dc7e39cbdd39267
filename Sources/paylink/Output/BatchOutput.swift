import Paylink

/// One batch in `paylink batch show --json` and `paylink batch list --json`: its figures, with
/// Unix-millisecond times (Redis clock); `finishedAt` is absent while orders are outstanding.
struct BatchOutput: Encodable {
    let batchId: String
    let total: Int
    let succeeded: Int
    let failed: Int
    let invalid: Int
    let unknown: Int
    let pending: Int
    let done: Int
    let finished: Bool
    let createdAt: Int64?
    let finishedAt: Int64?

    init(_ status: BatchStatus) {
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
