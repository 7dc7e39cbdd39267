/// Every Redis key of one queue, all under the hash-tagged prefix `paylink:{<queue>}:` so that a
/// queue's keys share one Redis Cluster slot and one Lua script may touch all of them.
///
/// This file is the single source of key names; ARCHITECTURE.md documents the layout.
public struct QueueKeys: Sendable, Equatable {
    /// The queue's name, as in `paylink:{default}:pending`.
    public let queue: String
    /// `paylink:{<queue>}:`
    public let prefix: String

    /// - Throws: when the name could break out of the hash tag (braces) or is empty.
    public init(queue: String) throws(ConfigurationError) {
        guard !queue.isEmpty, queue.utf8.count <= 64,
            !queue.contains(where: { $0 == "{" || $0 == "}" || $0.isWhitespace })
        else {
            throw ConfigurationError(setting: "queue", reason: "\"\(queue)\" must be 1-64 characters without braces or spaces")
        }
        self.queue = queue
        self.prefix = "paylink:{\(queue)}:"
    }

    /// LIST of order JSON elements. Producers `LPUSH`; workers take from the right (FIFO).
    public var pending: String { prefix + "pending" }
    /// ZSET job ID → lease deadline (Unix ms, Redis clock): orders taken and not yet acknowledged.
    public var inflight: String { prefix + "inflight" }
    /// HASH job ID → the raw element, for every job in `inflight`: what recovery puts back.
    public var jobs: String { prefix + "jobs" }
    /// STRING counter that numbers jobs; a job ID doubles as the lease's fencing token.
    public var jobSequence: String { prefix + "seq" }
    /// ZSET job ID → due time (Unix ms): jobs waiting to be retried. Their elements stay in `jobs`.
    public var retry: String { prefix + "retry" }
    /// ZSET entry ID → time it died (Unix ms): orders that failed for good, and elements with no
    /// usable orderId (entry ID `job:<jobId>`). The records are in `deadLetters`.
    public var dead: String { prefix + "dead" }
    /// HASH entry ID → JSON record `{"id", "orderId", "reason", "errorCode", "errorMessage",
    /// "attempts", "deadAt", "element"}` for each member of `dead`.
    public var deadLetters: String { prefix + "deadletters" }
    /// HASH orderId → raw element, for orders parked in status `unknown` for an operator.
    public var unknown: String { prefix + "unknown" }
    /// ZSET orderId → time its result became final (Unix ms): the index retention trims by.
    public var finished: String { prefix + "finished" }
    /// HASH status → how many result hashes are in that status now, plus `duplicate` (pushes
    /// answered from an existing result) and `rejected` (dead entries with no orderId).
    public var counts: String { prefix + "counts" }

    /// ZSET batchId → creation time (Unix ms): every batch, for `paylink batch list`.
    public var batches: String { prefix + "batches" }
    /// STREAM of events: one per final result (`type` `result`) and one per finished batch
    /// (`type` `batch-completed`). Trimmed to about `eventsMaxLength` entries.
    public var events: String { prefix + "events" }

    /// HASH of settings the scripts read: `eventsMaxLength`, `batchRetentionMs` (workers write it).
    public var config: String { prefix + "config" }

    /// HASH `reason`, `by`, `at` (Unix ms, Redis clock) while an operator has paused the queue
    /// (`paylink queue pause`): the claim script takes nothing while it exists.
    public var paused: String { prefix + "paused" }

    /// HASH of one batch: `total`, `succeeded`, `failed`, `invalid`, `unknown`, `createdAt`, `finishedAt`.
    public func batch(_ batchId: String) -> String { prefix + "batch:" + batchId }
    /// SET of the orderIds in a batch: what makes `total` count each order once, however often pushed.
    /// Its own prefix, so no batchId (which may contain `:`) can name another batch's keys.
    public func batchOrders(_ batchId: String) -> String { prefix + "batch-orders:" + batchId }

    /// HASH of one order's result (fields in `ResultField`).
    public func result(_ orderId: String) -> String { prefix + "result:" + orderId }
}
