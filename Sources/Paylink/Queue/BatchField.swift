/// Field names of a batch hash (`QueueKeys.batch(_:)`), besides one count per final status
/// (`OrderStatus` raw values: `succeeded`, `failed`, `invalid`, `unknown`).
public enum BatchField: String, Sendable, CaseIterable {
    /// Distinct orders registered in the batch.
    case total
    /// Unix ms (Redis clock).
    case createdAt
    case updatedAt
    /// Unix ms when every order had a final status; removed when new orders reopen the batch.
    case finishedAt
}

/// Field names of a queue's `counts` hash, besides one count per `OrderStatus`.
public enum CountsField: String, Sendable, CaseIterable {
    /// Pushes answered from an existing result instead of being sent.
    case duplicate
    /// Dead entries with no orderId (`job:<jobId>`).
    case rejected
    /// Bookkeeping steps (batch counts, events) that failed without undoing their state change.
    case bookkeepingErrors
}

/// Field names of a queue's `config` hash, the settings workers write and the scripts read.
public enum ConfigField: String, Sendable, CaseIterable {
    /// About how many entries the event stream keeps.
    case eventsMaxLength
    /// How long a batch's keys outlive its last change, in ms.
    case batchRetentionMs
}
