/// The fleet's live-worker keys. They are global (no queue hash tag): one entry per worker
/// process, however many queues or shards it serves. ARCHITECTURE.md documents them.
public enum HeartbeatKeys {
    /// ZSET workerId → its last beat (Unix ms, Redis clock): who to look for; members older than
    /// `Heartbeat.pruneAge` are removed by every beat.
    public static let workers = "paylink:workers"

    /// HASH describing one worker process (fields in `Field`), expiring `expiry` after its last beat.
    public static func worker(_ workerId: String) -> String { "paylink:worker:" + workerId }

    /// Field names of a worker's hash.
    public enum Field {
        public static let host = "host"
        public static let pid = "pid"
        public static let version = "version"
        /// JSON array of the queue (shard) names the process serves.
        public static let queues = "queues"
        public static let concurrency = "concurrency"
        /// Orders in flight now, over all its queues.
        public static let inflight = "inflight"
        /// Orders the process settled with a final result since it started.
        public static let ordersDone = "ordersDone"
        /// Unix ms (Redis clock) of its first beat.
        public static let startedAt = "startedAt"
        /// Unix ms (Redis clock) of its latest beat, as its score in `workers`.
        public static let lastBeat = "lastBeat"
        /// Milliseconds after `lastBeat` at which the worker counts as gone (3 beats).
        public static let expiryMs = "expiryMs"
    }
}
