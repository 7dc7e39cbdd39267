/// The overview's values (`overview` template): queues, charts, workers.
struct OverviewPage: Sendable {
    /// One queue, or one shard of a sharded queue (indented under its first shard).
    struct QueueRow: Sendable {
        var name: String
        /// `name` percent-encoded for a URL's query or fragment: a queue name may hold `&` or `#`.
        var query: String
        var isShard: Bool
        var pending: Figure
        var inflight: Figure
        var retrying: Figure
        var dead: Figure
        var unknown: Figure
        /// `4m 10s`, nil when nothing is pending.
        var oldestAge: String?
        var paused: Bool
        var pauseReason: String
        /// `by cli at 2026-12-07 14:00:00 UTC`.
        var pauseTitle: String
    }

    /// A bar chart's numbers, space-separated for the script (`data-starts`, ...), and the
    /// figures beside it.
    struct Chart: Sendable {
        var starts: String
        var succeeded: String
        var failed: String
        /// Per second in the last complete bucket.
        var rateSucceeded: String
        var rateFailed: String
        var totalSucceeded: String
        var totalFailed: String

        /// - Parameters:
        ///   - buckets: oldest first; the last one is the current, partial one.
        ///   - bucketSeconds: 60 for minutes, 86 400 for days.
        init(buckets: [(start: Int64, succeeded: Int, failed: Int)], bucketSeconds: Double) {
            starts = buckets.map { String($0.start) }.joined(separator: " ")
            succeeded = buckets.map { String(max(0, $0.succeeded)) }.joined(separator: " ")
            failed = buckets.map { String(max(0, $0.failed)) }.joined(separator: " ")
            let complete = buckets.count >= 2 ? buckets[buckets.count - 2] : nil
            rateSucceeded = PageText.rate(Double(complete?.succeeded ?? 0) / bucketSeconds)
            rateFailed = PageText.rate(Double(complete?.failed ?? 0) / bucketSeconds)
            totalSucceeded = PageText.count(buckets.reduce(0) { $0 + max(0, $1.succeeded) })
            totalFailed = PageText.count(buckets.reduce(0) { $0 + max(0, $1.failed) })
        }
    }

    struct WorkerRow: Sendable {
        var id: String
        var queues: String
        var version: String
        var inflight: String
        var concurrency: String
        var ordersDone: String
        /// Orders per second since it started, `12.3/s`.
        var rate: String
        var startedAtMs: Int64
        var startedAt: String
        var lastBeatMs: Int64
        var lastBeat: String
    }

    var chrome: PageChrome
    var queues: [QueueRow]
    var minutes: Chart
    var days: Chart
    /// Why the charts may be incomplete (unreadable counter fields), nil normally.
    var throughputProblem: String?
    var workers: [WorkerRow]
}
