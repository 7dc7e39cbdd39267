public import PaylinkRedis

/// Redis's clock (`TIME`), estimated between readings from the local monotonic clock, so that
/// every host of the fleet stamps heartbeats on one clock without an extra round trip per beat.
///
/// The estimate runs behind by at most the reading's round trip plus the local clock's drift
/// since it (each heartbeat refreshes it).
public struct RedisClock: Sendable {
    private let redisMilliseconds: Int64
    private let readAt: ContinuousClock.Instant

    /// - Parameter reply: a `TIME` reply, `[seconds, microseconds]`; nil when it is not one.
    public init?(timeReply reply: RedisValue?) {
        guard let parts = reply?.array, parts.count == 2, let seconds = parts[0].int, let micros = parts[1].int,
            (0...4_000_000_000).contains(seconds), (0..<1_000_000).contains(micros)
        else { return nil }
        redisMilliseconds = seconds * 1000 + micros / 1000
        readAt = .now
    }

    /// Reads Redis's clock now.
    public static func read(_ redis: RedisClient) async throws(RedisError) -> RedisClock? {
        RedisClock(timeReply: try await redis.send(RedisCommand("TIME")))
    }

    /// Now, in Unix ms of Redis's clock.
    public var now: Int64 {
        let elapsed = (ContinuousClock.now - readAt).milliseconds
        return redisMilliseconds + max(0, min(elapsed, 86_400_000 * 365))
    }
}
