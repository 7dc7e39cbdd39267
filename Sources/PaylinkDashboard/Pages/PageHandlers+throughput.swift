import Paylink

extension PageHandlers {
    /// One chart's bars: the buckets of every queue shown, added by bucket start.
    typealias Bars = [(start: Int64, succeeded: Int, failed: Int)]

    /// The overview's charts: the last 60 minutes and the last 30 UTC days of every queue shown,
    /// from the throughput counters (one round trip per queue and series). "Failed" is every
    /// outcome but succeeded (failed, invalid, unknown, rejected): what an operator must look at.
    /// - Returns: the bars, and what the counters could not read (nil when all was readable).
    func throughput() async throws -> (minutes: Bars, days: Bars, problem: String?) {
        var minutes: [ThroughputSeries] = []
        var days: [ThroughputSeries] = []
        for group in dashboard.reader.groups {
            minutes.append(try await group.shards.throughput(minutes: 60, redis: dashboard.reader.redis))
            days.append(try await group.shards.dailyHistory(days: 30, redis: dashboard.reader.redis))
        }
        let skipped = (minutes + days).reduce(0) { $0 + $1.skippedFields }
        let problem = skipped == 0 ? nil : "\(skipped) unreadable counter fields were left out (\((minutes + days).flatMap(\.problems).prefix(3).joined(separator: "; ")))"
        return (Self.bars(minutes), Self.bars(days), problem)
    }

    /// The series added bucket by bucket on the first one's starts (the queues are read a few
    /// milliseconds apart; a bucket another read started later is left for the next refresh).
    static func bars(_ series: [ThroughputSeries]) -> Bars {
        guard let frame = series.first else { return [] }
        var sums: [Int64: (succeeded: Int, failed: Int)] = [:]
        for one in series {
            for bucket in one.buckets {
                let failed = Saturating.add(Saturating.add(bucket.failed, bucket.invalid), Saturating.add(bucket.unknown, bucket.rejected))
                let sum = sums[bucket.start] ?? (0, 0)
                sums[bucket.start] = (Saturating.add(sum.succeeded, bucket.succeeded), Saturating.add(sum.failed, failed))
            }
        }
        return frame.buckets.map { (start: $0.start, succeeded: sums[$0.start]?.succeeded ?? 0, failed: sums[$0.start]?.failed ?? 0) }
    }
}
