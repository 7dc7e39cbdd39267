public import Prometheus

/// The metrics of one queue (or shard) in this process: made once per queue, so the hot path
/// only touches prebuilt counters and histograms, never the registry's lookup.
public final class QueueMetrics: Sendable {
    public let queue: String
    private let outcomes: [OrderOutcome: Counter]
    let orderDuration: DurationHistogram
    let orderLatency: DurationHistogram
    let inflight: Gauge
    /// `paylink_queue_jobs{state}`, set from Redis at scrape time.
    let depth: [QueueState: Gauge]
    let oldestAge: Gauge
    let paused: Gauge

    /// The states of `paylink_queue_jobs`.
    enum QueueState: String, CaseIterable {
        case pending, inflight, retry, dead, unknown
    }

    init(queue: String, registry: PrometheusCollectorRegistry) {
        self.queue = queue
        let label = [("queue", queue)]
        var outcomes: [OrderOutcome: Counter] = [:]
        for outcome in OrderOutcome.allCases {
            outcomes[outcome] = registry.makeCounter(
                name: "paylink_orders_total", labels: label + [("outcome", outcome.rawValue)],
                help: "Jobs this process ended, by outcome: final results, retries scheduled, pushes answered from a result.")
        }
        self.outcomes = outcomes
        orderDuration = registry.makeDurationHistogram(
            name: "paylink_order_duration_seconds", labels: label, buckets: MetricBuckets.orderAttempt,
            help: "One attempt: from the claim to its stored result or scheduled retry.")
        orderLatency = registry.makeDurationHistogram(
            name: "paylink_order_latency_seconds", labels: label, buckets: MetricBuckets.orderLatency,
            help: "From the enqueue (the order's enqueuedAt) to its stored final result.")
        inflight = registry.makeGauge(name: "paylink_inflight", labels: label, help: "Orders this process has in flight.")
        var depth: [QueueState: Gauge] = [:]
        for state in QueueState.allCases {
            depth[state] = registry.makeGauge(
                name: "paylink_queue_jobs", labels: label + [("state", state.rawValue)],
                help: "Jobs in the queue by state, read from Redis at scrape time (the same for every worker of a queue).")
        }
        self.depth = depth
        oldestAge = registry.makeGauge(
            name: "paylink_queue_oldest_age_seconds", labels: label,
            help: "Age of the oldest pending order (0 when none waits), read from Redis at scrape time.")
        paused = registry.makeGauge(
            name: "paylink_queue_paused", labels: label, help: "1 while an operator has paused the queue (paylink queue pause).")
    }

    func count(_ outcome: OrderOutcome, by amount: Int = 1) {
        outcomes[outcome]?.increment(by: Int64(amount))
    }
}
