public import PaylinkRedis
public import Prometheus
import Synchronization

/// Every metric a worker process exports at `/metrics`, built on one Prometheus registry.
///
/// Labels are bounded by construction: queue and shard names, merchant profile names, and fixed
/// sets (outcomes, endpoints, answer classes, Redis error kinds); no orderId, jobId or message
/// is ever a label.
public final class WorkerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let api: APIMetrics
    let rateLimitWait: DurationHistogram
    let leasesRecovered: Counter
    let possibleDuplicates: Counter
    let concurrency: Gauge
    let spoolResults: Gauge
    private let redisErrors: [String: Counter]
    private let fleetPaused: Mutex<[String: Gauge]> = Mutex([:])
    private let queues: Mutex<[String: QueueMetrics]> = Mutex([:])

    public init(version: String = PaylinkVersion.current) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        api = APIMetrics(registry: registry)
        rateLimitWait = registry.makeDurationHistogram(
            name: "paylink_ratelimit_wait_seconds", buckets: MetricBuckets.rateLimitWait,
            help: "Time an order waited for a fleet rate-limit permit (fleet pauses included).")
        leasesRecovered = registry.makeCounter(
            name: "paylink_leases_recovered_total", help: "Jobs whose lease expired (their worker died or stalled) that this process put back.")
        possibleDuplicates = registry.makeCounter(
            name: "paylink_possible_duplicates_total",
            help: "Succeeded results this process stored flagged possibleDuplicate: reconcile them with OTT Pay.")
        concurrency = registry.makeGauge(name: "paylink_concurrency", help: "Orders this process may have in flight at once (--concurrency).")
        spoolResults = registry.makeGauge(
            name: "paylink_spool_results", help: "Results in this process's spool files, waiting for Redis to take them.")
        var redisErrors: [String: Counter] = [:]
        for code in RedisError.Code.all where code != .cancelled {
            redisErrors[code.label] = registry.makeCounter(
                name: "paylink_redis_errors_total", labels: [("kind", code.label)],
                help: "Failed Redis calls by kind (connection errors and error replies).")
        }
        self.redisErrors = redisErrors
        registry.makeGauge(name: "paylink_build_info", labels: [("version", version)], help: "Always 1; the version is a label.").set(to: 1)
    }

    /// The metrics of one queue or shard, made on first use.
    public func queue(_ name: String) -> QueueMetrics {
        queues.withLock { queues in
            if let known = queues[name] { return known }
            let made = QueueMetrics(queue: name, registry: registry)
            queues[name] = made
            return made
        }
    }

    /// `paylink_fleet_paused{merchant}`, made on first use.
    func fleetPaused(merchant: String) -> Gauge {
        fleetPaused.withLock { gauges in
            if let known = gauges[merchant] { return known }
            let made = registry.makeGauge(
                name: "paylink_fleet_paused", labels: [("merchant", merchant)],
                help: "1 while the merchant's fleet-wide pause runs (the API asked to slow down).")
            gauges[merchant] = made
            return made
        }
    }

    /// `paylink_concurrency`: the process's `--concurrency`.
    public func setConcurrency(_ value: Int) {
        concurrency.set(to: Double(value))
    }

    /// For `RedisConfiguration.errorObserver`.
    public func countRedisError(_ code: RedisError.Code) {
        redisErrors[code.label]?.increment()
    }
}
