/// Exponential backoff with full jitter: attempt n waits a uniform random time in
/// `0...min(cap, base * 2^(n-1))`, so retrying workers spread out instead of arriving together.
public struct RetryBackoff: Sendable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The longest wait after failed attempt `attempt` (1-based), before jitter.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 30)
        let raw = base * (1 << doublings)
        return min(raw, cap)
    }

    /// The wait after failed attempt `attempt`, honouring a server's `Retry-After` (capped).
    public func delay(
        afterAttempt attempt: Int, retryAfter: Duration? = nil,
        using generator: inout some RandomNumberGenerator
    ) -> Duration {
        if let retryAfter { return min(retryAfter, cap) }
        let ceiling = ceiling(afterAttempt: attempt).milliseconds
        guard ceiling > 0 else { return .zero }
        return .milliseconds(Int64.random(in: 0...ceiling, using: &generator))
    }
}
