import Logging
import PaylinkRedis

extension FleetRateLimiter {
    /// Pauses the whole fleet after the API refused a call (429, or 503 with `Retry-After`):
    /// for `retryAfter` when the API said, else for a backoff that doubles per consecutive storm.
    ///
    /// Refusals of calls sent before the current pause was declared belong to the same storm
    /// and start nothing new, so a storm gives one pause, logged by one process. Best effort:
    /// when Redis cannot be reached the refusal is only logged.
    /// - Parameters:
    ///   - retryAfter: The API's `Retry-After`, or nil.
    ///   - permit: The permit of the refused call.
    /// - Returns: whether this call declared a new pause.
    ///
    /// The pause is capped at the configuration's `maxPause` (here and again in the script),
    /// however long the API asks.
    @discardableResult
    public func pause(for retryAfter: Duration?, after permit: RatePermit) async -> Bool {
        let asked = retryAfter.map { min(max($0.microseconds, 0), fleetPause.maxPause) }
        let reply: RedisValue
        do {
            reply = try await redis.run(
                RateLimitScripts.pause, keys: keys,
                arguments: [
                    permit.slot, asked ?? -1, fleetPause.base, fleetPause.cap,
                    fleetPause.quietPeriod, fleetPause.quietPeriod + Self.keepMargin, gcra.tolerance, fleetPause.maxPause,
                ])
        } catch {
            logger.warning("API refused a call; fleet pause not recorded", metadata: ["error": "\(error)"])
            return false
        }
        let values = reply.array?.compactMap(\.int) ?? []
        guard values.count == 3 else { return false }
        let isNew = values[0] == 1
        if isNew {
            logger.warning(
                "API refused calls; pausing the fleet",
                metadata: [
                    "pauseMs": "\(values[1] / 1000)", "storm": "\(values[2])",
                    "retryAfter": "\(retryAfter.map { "\($0)" } ?? "none")",
                    "capped": "\(retryAfter.map { $0 > .microseconds(fleetPause.maxPause) } ?? false)",
                ])
        }
        return isNew
    }
}
