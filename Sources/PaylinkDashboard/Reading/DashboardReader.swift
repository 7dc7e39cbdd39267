import Paylink
public import PaylinkRedis

/// The dashboard's reads of Redis: what the overview, order, dead, unknown, batch and worker
/// answers contain. Pages and the JSON API both go through it, so they show the same data.
///
/// Every read is bounded: O(1) counts (`LLEN`, `ZCARD`, `HLEN`, the `counts` hash), index
/// ranges of a fixed page size, and scans with a hard cap per request. Nothing here runs `KEYS`
/// or an unbounded `SCAN`.
public final class DashboardReader: Sendable {
    let redis: RedisClient
    let directory: QueueDirectory
    let rates = WorkerRates()
    let oldest = OldestPendingAge()
    let readOnly: Bool

    init(redis: RedisClient, directory: QueueDirectory, readOnly: Bool) {
        self.redis = redis
        self.directory = directory
        self.readOnly = readOnly
    }

    /// The live workers, and the queues to show (noting those the workers serve).
    func fleet() async throws(RedisError) -> (now: Int64, workers: [LiveWorker], groups: [QueueDirectory.Group]) {
        let (now, workers) = try await LiveWorker.all(redis)
        return (now, workers, directory.groups(noting: workers))
    }

    /// `GET /api/overview`: three round trips (the clock and heartbeats, the workers' hashes,
    /// then every shard's counts in one pipeline), whatever the number of results.
    public func overview() async throws(RedisError) -> OverviewModel {
        let (now, workers, groups) = try await fleet()
        let keys = groups.flatMap(\.shards.shards)
        let statuses = try await OrderQueue.statuses(of: keys, redis: redis)
        var index = 0
        var queues: [QueueOverviewModel] = []
        for group in groups {
            var shards: [ShardOverviewModel] = []
            for (number, shardKeys) in group.shards.shards.enumerated() {
                let status = statuses[index]
                index += 1
                let age = oldest.age(of: status.oldestPending, queue: shardKeys.queue, now: now)
                shards.append(
                    ShardOverviewModel(
                        name: shardKeys.queue, shard: group.isSharded ? number : nil, figures: QueueFiguresModel(status, oldestAgeMs: age),
                        pause: status.paused.map(PauseModel.init)))
            }
            queues.append(
                QueueOverviewModel(
                    queue: group.queue, sharded: group.isSharded, total: QueueFiguresModel.sum(shards.map(\.figures)),
                    paused: shards.contains { $0.pause != nil }, shards: shards))
        }
        let rates = self.rates.rates(of: workers)
        let summary = WorkerSummaryModel(
            live: workers.count, inFlight: workers.reduce(0) { Saturating.add($0, max(0, $1.inflight ?? 0)) },
            ordersPerSecond: rates.values.compactMap { $0 }.reduce(0, +))
        return OverviewModel(time: now, readOnly: readOnly, queues: queues, workers: summary)
    }

    /// `GET /api/workers`.
    public func workers() async throws(RedisError) -> WorkersModel {
        let (now, workers) = try await LiveWorker.all(redis)
        _ = directory.groups(noting: workers)
        let rates = self.rates.rates(of: workers)
        return WorkersModel(
            time: now, workers: workers.map { WorkerModel(worker: WorkerOutput($0, now: now), ordersPerSecond: rates[$0.workerId] ?? nil) })
    }
}

extension QueueFiguresModel {
    init(_ status: OrderQueue.Status, oldestAgeMs: Int64) {
        pending = max(0, status.pending)
        inFlight = max(0, status.inflight)
        retrying = max(0, status.retrying)
        dead = max(0, status.dead)
        unknown = max(0, status.parked)
        rejected = max(0, status.rejected)
        duplicates = max(0, status.duplicates)
        oldestPendingAgeMs = max(0, oldestAgeMs)
        results = Dictionary(uniqueKeysWithValues: OrderStatus.allCases.map { ($0.rawValue, max(0, status.results[$0] ?? 0)) })
    }

    /// Figures added up (saturating: the counts come from hashes anyone with access can edit);
    /// the oldest age is the largest.
    static func sum(_ parts: [QueueFiguresModel]) -> QueueFiguresModel {
        var total = QueueFiguresModel(
            pending: 0, inFlight: 0, retrying: 0, dead: 0, unknown: 0, rejected: 0, duplicates: 0, oldestPendingAgeMs: 0,
            results: Dictionary(uniqueKeysWithValues: OrderStatus.allCases.map { ($0.rawValue, 0) }))
        for part in parts {
            total.pending = Saturating.add(total.pending, part.pending)
            total.inFlight = Saturating.add(total.inFlight, part.inFlight)
            total.retrying = Saturating.add(total.retrying, part.retrying)
            total.dead = Saturating.add(total.dead, part.dead)
            total.unknown = Saturating.add(total.unknown, part.unknown)
            total.rejected = Saturating.add(total.rejected, part.rejected)
            total.duplicates = Saturating.add(total.duplicates, part.duplicates)
            total.oldestPendingAgeMs = max(total.oldestPendingAgeMs, part.oldestPendingAgeMs)
            for (name, count) in part.results { total.results[name] = Saturating.add(total.results[name] ?? 0, count) }
        }
        return total
    }
}

extension PauseModel {
    init(_ pause: QueuePause) {
        self.init(reason: pause.reason, by: pause.by, since: pause.at)
    }
}

/// Sums of counts read from Redis, which saturate instead of trapping.
enum Saturating {
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }
}
