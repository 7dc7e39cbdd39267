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
        try HashTag.check(queue, setting: "queue")
        self.queue = queue
        self.prefix = "paylink:{\(queue)}:"
    }

    /// LIST of order JSON elements. Producers `LPUSH`; workers take from the right (FIFO).
    public var pending: String { prefix + Suffix.pending }
    /// ZSET job ID → lease deadline (Unix ms, Redis clock): orders taken and not yet acknowledged.
    public var inflight: String { prefix + Suffix.inflight }
    /// HASH job ID → the raw element, for every job in `inflight`: what recovery puts back.
    public var jobs: String { prefix + Suffix.jobs }
    /// STRING counter that numbers jobs; a job ID doubles as the lease's fencing token.
    public var jobSequence: String { prefix + Suffix.jobSequence }
    /// ZSET job ID → due time (Unix ms): jobs waiting to be retried. Their elements stay in `jobs`.
    public var retry: String { prefix + Suffix.retry }
    /// ZSET entry ID → time it died (Unix ms): orders that failed for good, and elements with no
    /// usable orderId (entry ID `job:<jobId>`). The records are in `deadLetters`.
    public var dead: String { prefix + Suffix.dead }
    /// HASH entry ID → JSON record `{"id", "orderId", "reason", "errorCode", "errorMessage",
    /// "attempts", "deadAt", "element"}` for each member of `dead`.
    public var deadLetters: String { prefix + Suffix.deadLetters }
    /// HASH orderId → raw element, for orders parked in status `unknown` for an operator.
    public var unknown: String { prefix + Suffix.unknown }
    /// ZSET orderId → time its result became final (Unix ms): the index retention trims by.
    public var finished: String { prefix + Suffix.finished }
    /// HASH status → how many result hashes are in that status now, plus `duplicate` (pushes
    /// answered from an existing result) and `rejected` (dead entries with no orderId).
    public var counts: String { prefix + Suffix.counts }

    /// ZSET batchId → creation time (Unix ms): every batch, for `paylink batch list`.
    public var batches: String { prefix + Suffix.batches }
    /// STREAM of events: one per final result (`type` `result`) and one per finished batch
    /// (`type` `batch-completed`). Trimmed to about `eventsMaxLength` entries.
    public var events: String { prefix + Suffix.events }

    /// HASH of settings the scripts read: `eventsMaxLength`, `batchRetentionMs` (workers write it).
    public var config: String { prefix + Suffix.config }

    /// HASH `reason`, `by`, `at` (Unix ms, Redis clock) while an operator has paused the queue
    /// (`paylink queue pause`): the claim script takes nothing while it exists.
    public var paused: String { prefix + Suffix.paused }

    /// HASH `<minute start, Unix ms>:<outcome>` → how many orders reached that outcome in that
    /// minute (Redis clock), plus `latest`; the scripts keep the last `ThroughputLayout.minutesKept`
    /// minutes. Read it with `OrderQueue.throughput(minutes:)`.
    public var throughputMinutes: String { prefix + Suffix.throughputMinutes }
    /// HASH as ``throughputMinutes``, per UTC day, the last `ThroughputLayout.daysKept` days.
    public var throughputDays: String { prefix + Suffix.throughputDays }
    /// HASH of the queue's shard layout (`ShardLayout`), on the queue's own name, not a shard's:
    /// the tags producers push to and the earlier layouts workers check and forward from.
    public var shardLayout: String { prefix + Suffix.shardLayout }
    /// STRING: which worker forwards this retired shard's pending orders right now (a short lock,
    /// so that several workers do not push the same orders twice).
    public var forwarding: String { prefix + Suffix.forwarding }

    /// HASH of one batch: `total`, `succeeded`, `failed`, `invalid`, `unknown`, `createdAt`, `finishedAt`.
    public func batch(_ batchId: String) -> String { prefix + Suffix.batch + batchId }
    /// SET of the orderIds in a batch: what makes `total` count each order once, however often pushed.
    /// Its own prefix, so no batchId (which may contain `:`) can name another batch's keys.
    public func batchOrders(_ batchId: String) -> String { prefix + Suffix.batchOrders + batchId }

    /// HASH of one order's result (fields in `ResultField`).
    public func result(_ orderId: String) -> String { prefix + Suffix.result + orderId }

    /// What follows ``prefix`` in each key name: the one spelling of every name, which the Lua
    /// scripts' key locals and `LuaSnippets.derivedKeys` are generated from.
    public enum Suffix {
        public static let pending = "pending"
        public static let inflight = "inflight"
        public static let jobs = "jobs"
        public static let jobSequence = "seq"
        public static let retry = "retry"
        public static let dead = "dead"
        public static let deadLetters = "deadletters"
        public static let unknown = "unknown"
        public static let finished = "finished"
        public static let counts = "counts"
        public static let batches = "batches"
        public static let events = "events"
        public static let config = "config"
        public static let paused = "paused"
        public static let throughputMinutes = "throughput:minutes"
        public static let throughputDays = "throughput:days"
        public static let shardLayout = "shards"
        public static let forwarding = "forwarding"
        /// Followed by the batchId.
        public static let batch = "batch:"
        /// Followed by the batchId.
        public static let batchOrders = "batch-orders:"
        /// Followed by the orderId.
        public static let result = "result:"
    }
}
