import Paylink

/// `paylink status --json`: every queue (shard) and the live workers serving them, read at `time`.
struct StatusOutput: Codable, Equatable {
    /// Unix ms, Redis clock.
    var time: Int64
    var queues: [QueueStatusOutput]
    var workers: [WorkerOutput]
}

/// One queue (or shard) in `StatusOutput`.
struct QueueStatusOutput: Codable, Equatable {
    var queue: String
    var pending: Int
    var inFlight: Int
    var retrying: Int
    var dead: Int
    /// Dead entries with no orderId.
    var rejected: Int
    var duplicates: Int
    /// Result hashes per status; every status is present, 0 when none.
    var results: [String: Int]
    /// Null when the queue is not paused.
    var paused: PauseOutput?
    /// Outcomes in the last complete minute (Redis clock), from the throughput counters.
    var lastMinute: MinuteOutput
    /// Outcomes so far in the current minute.
    var thisMinute: MinuteOutput

    init(queue: String, status: OrderQueue.Status, throughput: ThroughputSeries) {
        self.queue = queue
        pending = status.pending
        inFlight = status.inflight
        retrying = status.retrying
        dead = status.dead
        rejected = status.rejected
        duplicates = status.duplicates
        results = Dictionary(uniqueKeysWithValues: OrderStatus.allCases.map { ($0.rawValue, status.results[$0] ?? 0) })
        paused = status.paused.map(PauseOutput.init)
        let current = throughput.buckets.last ?? ThroughputBucket(start: throughput.now)
        lastMinute = MinuteOutput(throughput.lastComplete ?? ThroughputBucket(start: current.start - throughput.bucketMilliseconds))
        thisMinute = MinuteOutput(current)
    }

    // Written by hand so that `paused` is `null` rather than missing when the queue runs.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queue, forKey: .queue)
        try container.encode(pending, forKey: .pending)
        try container.encode(inFlight, forKey: .inFlight)
        try container.encode(retrying, forKey: .retrying)
        try container.encode(dead, forKey: .dead)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(duplicates, forKey: .duplicates)
        try container.encode(results, forKey: .results)
        try container.encode(paused, forKey: .paused)
        try container.encode(lastMinute, forKey: .lastMinute)
        try container.encode(thisMinute, forKey: .thisMinute)
    }
}

/// One minute's outcomes in `QueueStatusOutput` (see `ThroughputBucket`).
struct MinuteOutput: Codable, Equatable {
    /// Unix ms, Redis clock, where the minute begins.
    var start: Int64
    var succeeded: Int
    var failed: Int
    var invalid: Int
    var unknown: Int
    var rejected: Int

    init(_ bucket: ThroughputBucket) {
        start = bucket.start
        succeeded = bucket.succeeded
        failed = bucket.failed
        invalid = bucket.invalid
        unknown = bucket.unknown
        rejected = bucket.rejected
    }
}

/// A queue's pause in `QueueStatusOutput`.
struct PauseOutput: Codable, Equatable {
    var reason: String
    var by: String
    /// Unix ms, Redis clock, when it was paused.
    var since: Int64?

    init(_ pause: QueuePause) {
        reason = pause.reason
        by = pause.by
        since = pause.at
    }
}
