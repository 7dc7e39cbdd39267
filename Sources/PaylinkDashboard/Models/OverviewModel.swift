/// `GET /api/overview`: every queue and shard with its depths, results and pause, and the live
/// workers in brief. Times are Unix ms by Redis's clock; ages are milliseconds.
public struct OverviewModel: Encodable, Sendable {
    /// Redis's clock when it was read.
    public var time: Int64
    /// The dashboard refuses every action.
    public var readOnly: Bool
    public var queues: [QueueOverviewModel]
    public var workers: WorkerSummaryModel
}

/// One queue: its figures summed over its shards, and each shard's own.
public struct QueueOverviewModel: Encodable, Sendable {
    /// The queue's name as producers know it (`orders`; its shards are `orders:0`, ...).
    public var queue: String
    public var sharded: Bool
    /// Every shard's figures added up; the oldest pending age is the largest of them.
    public var total: QueueFiguresModel
    /// True when at least one shard is paused.
    public var paused: Bool
    public var shards: [ShardOverviewModel]
}

/// One shard (or the whole of an unsharded queue).
public struct ShardOverviewModel: Encodable, Sendable {
    /// The queue name in Redis (`orders:3`), what the other API calls take as `queue`.
    public var name: String
    /// The shard's number; nil for an unsharded queue.
    public var shard: Int?
    public var figures: QueueFiguresModel
    /// The operator's pause; null while the shard runs.
    public var pause: PauseModel?

    // By hand, so `pause` and `shard` are null rather than missing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(shard, forKey: .shard)
        try container.encode(figures, forKey: .figures)
        try container.encode(pause, forKey: .pause)
    }

    enum CodingKeys: String, CodingKey { case name, shard, figures, pause }
}

/// A queue's (or shard's) counts, every one read from an O(1) Redis command.
public struct QueueFiguresModel: Encodable, Sendable, Equatable {
    /// `LLEN pending`.
    public var pending: Int
    /// `ZCARD inflight`: leases held by workers.
    public var inFlight: Int
    /// `ZCARD retry`: waiting for their next attempt.
    public var retrying: Int
    /// `ZCARD dead`.
    public var dead: Int
    /// `HLEN unknown`: parked, waiting for an operator.
    public var unknown: Int
    /// Dead entries with no orderId.
    public var rejected: Int
    /// Pushes answered from an existing result.
    public var duplicates: Int
    /// How long the next order to be taken has waited (0 when nothing is pending).
    public var oldestPendingAgeMs: Int64
    /// Result hashes per status (`counts`); every status is present, 0 when none.
    public var results: [String: Int]
}

/// An operator's pause (`paylink queue pause`).
public struct PauseModel: Encodable, Sendable, Equatable {
    public var reason: String
    public var by: String
    /// Unix ms, Redis clock; null when unreadable.
    public var since: Int64?
}

/// The fleet at a glance (`GET /api/workers` has each process).
public struct WorkerSummaryModel: Encodable, Sendable {
    /// Live worker processes.
    public var live: Int
    /// Orders in flight summed over them, as their last heartbeats said.
    public var inFlight: Int
    /// Final results stored per second, summed over the workers whose rate is known yet.
    public var ordersPerSecond: Double
}
