/// The entries of a queue's event stream (`QueueKeys.events`): one per final result, one per
/// finished batch, one per link that did not match its order. Consumers (`XREAD`) read these names.
public enum EventType: String, Sendable, CaseIterable {
    /// A result became final: fields `orderId`, `status`, `batchId` (empty when none).
    case result
    /// Every order of a batch is final: `batchId`, `total` and the count per final status.
    case batchCompleted = "batch-completed"
    /// The API created a link that does not match the order: `orderId`, `errorCode`, `paymentId`.
    case linkMismatch = "link-mismatch"
}

/// Field names of the event stream's entries; a `batch-completed` event also carries one field
/// per final status (`OrderStatus` raw values) with its count.
public enum EventField: String, Sendable, CaseIterable {
    case type
    case orderId
    case status
    case batchId
    case total
    case errorCode
    case paymentId
}
