public import PaylinkRedis
import Prometheus
import Synchronization

/// Reads the queue gauges from Redis when `/metrics` is scraped: the depths by state, the oldest
/// pending order's age, the queue and fleet pauses. One pipelined round trip for every queue and
/// shard, at most once a second however often (and by however many scrapers) it is asked.
public final class QueueSampler: Sendable {
    /// One queue or shard this process serves.
    public struct Target: Sendable {
        public var keys: QueueKeys
        public var metrics: QueueMetrics
        /// This process's orders in flight on it.
        public var inFlight: @Sendable () -> Int

        public init(keys: QueueKeys, metrics: QueueMetrics, inFlight: @escaping @Sendable () -> Int) {
            self.keys = keys
            self.metrics = metrics
            self.inFlight = inFlight
        }
    }

    /// A merchant's fleet limit, for `paylink_fleet_paused{merchant}`.
    struct Limit: Sendable {
        var gauge: Gauge
        var control: FleetPauseControl
    }

    private let redis: RedisClient
    private let targets: [Target]
    private let limits: [Limit]
    private let failures: Counter
    private let state = Mutex(State())
    private let oldest = OldestPendingAge()

    struct State {
        /// Monotonic ns of the last good sample; 0 before the first.
        var sampledAt: Int64 = 0
    }

    static let maxAge: Int64 = 1_000_000_000

    /// - Parameter merchants: profile name → app ID of each fleet-limited merchant.
    public init(redis: RedisClient, targets: [Target], limitedMerchants: [String: String], metrics: WorkerMetrics) {
        self.redis = redis
        self.targets = targets
        var limits: [Limit] = []
        for (name, appId) in limitedMerchants.sorted(by: { $0.key < $1.key }) {
            if let control = try? FleetPauseControl(redis: redis, merchant: appId) {
                limits.append(Limit(gauge: metrics.fleetPaused(merchant: name), control: control))
            }
        }
        self.limits = limits
        failures = metrics.registry.makeCounter(
            name: "paylink_queue_sample_failures_total",
            help: "Scrapes whose Redis read of the queue gauges failed; those gauges then keep their last values.")
    }

    /// Updates the gauges unless a sample is less than a second old.
    public func refresh() async {
        for target in targets { target.metrics.inflight.set(to: Double(target.inFlight())) }
        let now = MonotonicTime.nanoseconds()
        guard state.withLock({ now - $0.sampledAt >= Self.maxAge }) else { return }
        do throws(RedisError) {
            try await sampleQueues()
            for limit in limits {
                let status = try await limit.control.status()
                // An unreadable pause counts as paused, as the limiter treats it.
                limit.gauge.set(to: (status.pauseLeft ?? .seconds(1)) > .zero ? 1 : 0)
            }
            state.withLock { $0.sampledAt = now }
        } catch {
            failures.increment()
        }
    }

    private func sampleQueues() async throws(RedisError) {
        var commands: [RedisCommand] = []
        for target in targets {
            let keys = target.keys
            commands += [
                RedisCommand("LLEN", keys.pending), RedisCommand("ZCARD", keys.inflight), RedisCommand("ZCARD", keys.retry),
                RedisCommand("ZCARD", keys.dead), RedisCommand("HLEN", keys.unknown), RedisCommand("LINDEX", keys.pending, "-1"),
                RedisCommand("EXISTS", keys.paused),
            ]
        }
        let replies = try await redis.checkedPipeline(commands)
        let wallNow = UnixTime.milliseconds()
        for (index, target) in targets.enumerated() {
            let reply = replies[(index * 7)..<(index * 7 + 7)].map { $0 }
            let depth = target.metrics.depth
            depth[.pending]?.set(to: Double(Self.count(reply[0])))
            depth[.inflight]?.set(to: Double(Self.count(reply[1])))
            depth[.retry]?.set(to: Double(Self.count(reply[2])))
            depth[.dead]?.set(to: Double(Self.count(reply[3])))
            depth[.unknown]?.set(to: Double(Self.count(reply[4])))
            target.metrics.oldestAge.set(to: Double(oldest.age(of: reply[5].bytes, queue: target.keys.queue, now: wallNow)) / 1000)
            target.metrics.paused.set(to: Self.count(reply[6]) > 0 ? 1 : 0)
        }
    }

    /// A count from Redis, never negative.
    static func count(_ reply: RedisValue) -> Int64 {
        max(0, reply.int ?? 0)
    }
}
