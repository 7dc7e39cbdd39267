import Paylink

/// `paylink batch show <batchId> --json`: `{"found", "batchId", "queue", "batch"}`; `batch` (see
/// ``BatchOutput``) is absent when `found` is false.
struct BatchShowOutput: Encodable {
    let found: Bool
    let batchId: String
    let queue: String
    let batch: BatchOutput?
}
