import Paylink

/// `paylink result <orderId> --json`: `{"found", "orderId", "queue", "result"}`; `result` (the
/// hash, see ``ResultFieldsOutput``) is absent when `found` is false.
struct ResultOutput: Encodable {
    let found: Bool
    let orderId: String
    /// The queue (its shard, for a sharded queue) that was asked.
    let queue: String
    let result: ResultFieldsOutput?
}
