public import PaylinkRedis

/// One live worker process, as its heartbeat describes it: what `paylink workers` lists.
public struct LiveWorker: Sendable, Equatable {
    public var workerId: String
    public var host: String
    public var pid: Int?
    public var version: String
    public var queues: [String]
    public var concurrency: Int?
    public var inflight: Int?
    public var ordersDone: Int?
    /// Unix ms, Redis clock.
    public var startedAt: Int64?
    /// Unix ms, Redis clock: the entry's score in `HeartbeatKeys.workers`.
    public var lastBeat: Int64
    /// How long after `lastBeat` it counts as gone.
    public var expiryMs: Int64

    /// Expiry assumed for a hash without a readable `expiryMs`: the default (3 beats of 5 s).
    static let defaultExpiryMs: Int64 = 15_000

    /// Every live worker process, sorted by ID, and Redis's clock when they were read.
    ///
    /// Live means: a member of `HeartbeatKeys.workers` whose beat is younger than its own
    /// expiry, and whose hash still exists (it expires on its own). Two round trips.
    public static func all(_ redis: RedisClient) async throws(RedisError) -> (now: Int64, workers: [LiveWorker]) {
        let replies = try await redis.checkedPipeline([
            RedisCommand("TIME"),
            RedisCommand("ZRANGE", HeartbeatKeys.workers, 0, -1, "WITHSCORES"),
        ])
        let now = RedisClock(timeReply: replies[0])?.now ?? 0
        let flat = replies[1].array ?? []
        var beats: [(id: String, lastBeat: Int64)] = []
        var index = 0
        while index + 1 < flat.count {
            if let id = flat[index].string, let score = flat[index + 1].string.flatMap(Double.init), let beat = Int64(exactly: score.rounded(.down)) {
                beats.append((id, beat))
            }
            index += 2
        }
        guard !beats.isEmpty else { return (now, []) }
        let hashes = try await redis.checkedPipeline(beats.map { RedisCommand("HGETALL", HeartbeatKeys.worker($0.id)) })
        var workers: [LiveWorker] = []
        for (beat, hash) in zip(beats, hashes) {
            let fields = OrderQueue.pairs(hash)
            guard !fields.isEmpty else { continue }
            let worker = LiveWorker(workerId: beat.id, lastBeat: beat.lastBeat, fields: fields)
            let (deadline, overflow) = worker.lastBeat.addingReportingOverflow(worker.expiryMs)
            if overflow || deadline >= now { workers.append(worker) }
        }
        return (now, workers.sorted { $0.workerId < $1.workerId })
    }

    init(workerId: String, lastBeat: Int64, fields: [String: String]) {
        typealias Field = HeartbeatKeys.Field
        self.workerId = workerId
        self.lastBeat = lastBeat
        host = fields[Field.host] ?? ""
        pid = fields[Field.pid].flatMap { Int($0) }
        version = fields[Field.version] ?? ""
        queues = Self.names(fields[Field.queues] ?? "")
        concurrency = fields[Field.concurrency].flatMap { Int($0) }
        inflight = fields[Field.inflight].flatMap { Int($0) }
        ordersDone = fields[Field.ordersDone].flatMap { Int($0) }
        startedAt = fields[Field.startedAt].flatMap { Int64($0) }
        expiryMs = fields[Field.expiryMs].flatMap { Int64($0) }.map { max(0, $0) } ?? Self.defaultExpiryMs
    }

    /// The queue names of a `queues` field (a JSON array of strings); empty when unreadable.
    static func names(_ json: String) -> [String] {
        guard case .array(let items)? = try? JSONValue.parse(Array(json.utf8)) else { return [] }
        return items.compactMap(\.stringValue)
    }
}
