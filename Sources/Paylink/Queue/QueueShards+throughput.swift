public import PaylinkRedis

/// A sharded queue's throughput: every shard's hash read in one round trip against one clock,
/// and summed bucket by bucket.
extension QueueShards {
    /// Every shard's outcomes in each of the last `minutes` minutes, summed; as
    /// `OrderQueue.throughput(minutes:)`.
    public func throughput(minutes: Int = 60, redis: RedisClient) async throws -> ThroughputSeries {
        try await OrderQueue.readThroughput(of: shards, minutes: minutes, redis: redis)
    }

    /// Every shard's outcomes in each of the last `days` UTC days, summed; as
    /// `OrderQueue.dailyHistory(days:)`.
    public func dailyHistory(days: Int = 30, redis: RedisClient) async throws -> ThroughputSeries {
        try await OrderQueue.readDailyHistory(of: shards, days: days, redis: redis)
    }
}
