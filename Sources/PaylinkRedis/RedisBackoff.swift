/// Exponential reconnect delay with jitter: pure state, so it is tested without IO.
///
/// The n-th consecutive failure waits a random time between half and all of
/// `min(cap, base * 2^n)`; the jitter keeps many clients from reconnecting in lockstep.
struct RedisBackoff {
    let base: Duration
    let cap: Duration
    private(set) var failures = 0

    init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The delay before the next attempt, counting one more failure.
    /// - Parameter jitter: A random fraction in `0...1` (injected so tests can pin it);
    ///   0 gives half the delay, 1 the whole.
    mutating func nextDelay(jitter: Double) -> Duration {
        // 2^20 * base is far beyond any sensible cap; bounding the exponent avoids overflow.
        let exponent = min(failures, 20)
        failures += 1
        let ceiling = min(cap, base * (1 << exponent))
        return ceiling * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    /// Forgets past failures after a successful connect.
    mutating func reset() {
        failures = 0
    }
}
