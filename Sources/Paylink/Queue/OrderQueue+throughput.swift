public import PaylinkRedis

/// The operators' dashboard's throughput: outcomes per minute and per UTC day, from the hashes
/// the scripts keep (`ThroughputLayout`).
extension OrderQueue {
    /// This queue's outcomes in each of the last `minutes` minutes, the current one last.
    /// - Parameter minutes: 1-`ThroughputLayout.minutesKept` (120).
    /// - Throws: `ConfigurationError` for a count outside that range; `RedisError` when Redis
    ///   cannot be read.
    public func throughput(minutes: Int = 60) async throws -> ThroughputSeries {
        try await Self.readThroughput(of: [keys], minutes: minutes, redis: redis)
    }

    /// This queue's outcomes in each of the last `days` UTC days, today (so far) last.
    /// - Parameter days: 1-`ThroughputLayout.daysKept` (40).
    /// - Throws: as ``throughput(minutes:)``.
    public func dailyHistory(days: Int = 30) async throws -> ThroughputSeries {
        try await Self.readDailyHistory(of: [keys], days: days, redis: redis)
    }

    static func readThroughput(of shards: [QueueKeys], minutes: Int, redis: RedisClient) async throws -> ThroughputSeries {
        try check(minutes, setting: "minutes", kept: ThroughputLayout.minutesKept)
        return try await read(
            shards.map(\.throughputMinutes), size: ThroughputLayout.minuteMilliseconds, count: minutes, redis: redis)
    }

    static func readDailyHistory(of shards: [QueueKeys], days: Int, redis: RedisClient) async throws -> ThroughputSeries {
        try check(days, setting: "days", kept: ThroughputLayout.daysKept)
        return try await read(shards.map(\.throughputDays), size: ThroughputLayout.dayMilliseconds, count: days, redis: redis)
    }

    private static func check(_ count: Int, setting: String, kept: Int) throws(ConfigurationError) {
        guard (1...kept).contains(count) else {
            throw ConfigurationError(setting: setting, reason: "must be 1-\(kept) (what Redis keeps), not \(count)")
        }
    }

    /// `TIME` and every hash in one pipelined round trip, so all shards are read against one clock.
    private static func read(_ hashes: [String], size: Int64, count: Int, redis: RedisClient) async throws -> ThroughputSeries {
        let replies = try await redis.checkedPipeline([RedisCommand("TIME")] + hashes.map { RedisCommand("HGETALL", $0) })
        guard let clock = RedisClock(timeReply: replies[0]) else {
            throw RedisError(code: .protocolError, command: "TIME", message: "the reply is not a Redis time: \(replies[0])")
        }
        var series = ThroughputSeries(bucketMilliseconds: size, now: clock.now, count: count)
        for reply in replies.dropFirst() {
            let flat = reply.array ?? []
            var fields: [(name: String, value: String)] = []
            fields.reserveCapacity(flat.count / 2)
            var index = 0
            while index + 1 < flat.count {
                fields.append((flat[index].string ?? "", flat[index + 1].string ?? ""))
                index += 2
            }
            series.add(fields: fields)
        }
        return series
    }
}
