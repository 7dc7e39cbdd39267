public import Paylink

/// `GET /api/throughput?queue=`: a queue's outcomes per minute (the last hour by default) and per
/// UTC day (the last 30), summed over its shards, from the counters the workers' scripts keep.
public struct ThroughputModel: Encodable, Sendable {
    /// One minute or day.
    public struct Bucket: Encodable, Sendable {
        /// Unix ms (Redis clock) where it begins.
        public var start: Int64
        public var succeeded: Int
        public var failed: Int
        public var invalid: Int
        public var unknown: Int
        public var rejected: Int

        init(_ bucket: ThroughputBucket) {
            start = bucket.start
            succeeded = bucket.succeeded
            failed = bucket.failed
            invalid = bucket.invalid
            unknown = bucket.unknown
            rejected = bucket.rejected
        }
    }

    /// Oldest first, zeros filled in; the last is the current one (still counting).
    public struct Series: Encodable, Sendable {
        public var bucketMs: Int64
        public var buckets: [Bucket]
        /// Succeeded and failed per second in the last complete bucket.
        public var succeededPerSecond: Double
        public var failedPerSecond: Double

        init(_ series: ThroughputSeries) {
            bucketMs = series.bucketMilliseconds
            buckets = series.buckets.map(Bucket.init)
            succeededPerSecond = series.ratePerSecond(.succeeded)
            failedPerSecond = series.ratePerSecond(.failed)
        }
    }

    public var queue: String
    /// Redis's clock when it was read.
    public var time: Int64
    public var minutes: Series
    public var days: Series
    /// Counter fields that could not be read (edited by hand), at most 10, and how many in all.
    public var problems: [String]
    public var skippedFields: Int

    init(queue: String, minutes: ThroughputSeries, days: ThroughputSeries) {
        self.queue = queue
        time = minutes.now
        self.minutes = Series(minutes)
        self.days = Series(days)
        problems = Array((minutes.problems + days.problems).prefix(ThroughputSeries.maxProblems))
        skippedFields = minutes.skippedFields + days.skippedFields
    }
}
