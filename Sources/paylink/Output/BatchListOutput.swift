import Paylink

/// `paylink batch list --json`: `{"queue", "count", "batches": [...]}`, newest first.
struct BatchListOutput: Encodable {
    let queue: String
    let count: Int
    let batches: [BatchOutput]
}
