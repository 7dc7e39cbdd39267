public import PaylinkRedis

/// Operator tool: shows and ends a merchant's fleet pause (`paylink limit status|resume`),
/// without the rate settings a ``FleetRateLimiter`` needs.
///
/// Use it when the API asked for a long pause (or a proxy sent a nonsense `Retry-After`) and
/// an operator knows the API takes calls again. Workers notice within a second.
public struct FleetPauseControl: Sendable {
    /// A merchant's limit as an operator sees it.
    public struct Status: Sendable, Equatable {
        /// Time left of the current fleet pause; zero when none runs; nil when the stored value
        /// is unreadable (damaged by hand), which `resume` clears.
        public var pauseLeft: Duration?
        /// Consecutive storms of refusals, for the doubling backoff.
        public var strikes: Int64?
        /// Calls holding a permit under `--max-in-flight` right now.
        public var permitsInFlight: Int64
    }

    public let keys: RateLimitKeys
    let redis: RedisClient

    /// - Throws: when `merchant` (the app ID) cannot form the limit's keys.
    public init(redis: RedisClient, merchant: String) throws(ConfigurationError) {
        self.keys = try RateLimitKeys(merchant: merchant)
        self.redis = redis
    }

    /// The merchant's pause and permits, by the Redis clock.
    public func status() async throws(RedisError) -> Status {
        let reply = try await redis.run(RateLimitScripts.status, keys: keys, arguments: [])
        let values = reply.array ?? []
        guard values.count == 3 else {
            throw RedisError(code: .protocolError, command: "EVALSHA", message: "unexpected reply from the limit status script")
        }
        let left = values[0].string.flatMap { Int64($0) }.map { Duration.microseconds(max($0, 0)) }
        return Status(pauseLeft: left, strikes: values[1].string.flatMap { Int64($0) }, permitsInFlight: values[2].int ?? 0)
    }

    /// Ends the merchant's fleet pause now.
    /// - Returns: the pause time that was left (zero when no pause ran; nil when unreadable).
    @discardableResult
    public func resume() async throws(RedisError) -> Duration? {
        let reply = try await redis.run(RateLimitScripts.resume, keys: keys, arguments: [])
        return reply.string.flatMap { Int64($0) }.map { Duration.microseconds(max($0, 0)) }
    }
}
