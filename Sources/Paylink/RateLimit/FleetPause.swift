/// The pause arithmetic of the fleet limiter: how a refusal from the API (429, or 503 with
/// `Retry-After`) pauses every process, and how long when the API did not say.
///
/// One storm, one pause: a refusal of a call sent before the current pause was declared is part
/// of the storm that declared it and starts nothing new (it may only lengthen the pause when the
/// API asks for longer). A refusal of a call sent after it means the API still refuses: a new
/// pause, with a backoff that doubles per consecutive storm and resets once the fleet has been
/// quiet for ``quietPeriod`` after a pause.
///
/// Times are microseconds of one clock. `RateLimitScripts.pause` runs the same steps in Lua.
public struct FleetPause: Sendable, Equatable {
    /// The pause part of the shared state, as kept in the `limit` hash.
    public struct State: Sendable, Equatable {
        /// End of the current pause (µs); 0 when there never was one.
        public var pauseUntil: Int64 = 0
        /// When the current pause was declared (µs).
        public var pausedAt: Int64 = 0
        /// Consecutive storms so far; the next backoff is `base * 2^strikes`.
        public var strikes: Int64 = 0

        public init(pauseUntil: Int64 = 0, pausedAt: Int64 = 0, strikes: Int64 = 0) {
            self.pauseUntil = pauseUntil
            self.pausedAt = pausedAt
            self.strikes = strikes
        }
    }

    /// The first backoff when the API gave no `Retry-After` (µs).
    public let base: Int64
    /// The longest backoff (µs).
    public let cap: Int64
    /// Quiet time after a pause ends (µs) that makes the next storm a first one again.
    public let quietPeriod: Int64
    /// The longest the fleet ever pauses (µs), whatever the API asks: a `Retry-After` of a day
    /// (or a proxy's nonsense) must not stop every worker of a merchant for that long.
    public let maxPause: Int64

    public init(base: Duration, cap: Duration, quietPeriod: Duration, maxPause: Duration = .seconds(3600)) {
        self.base = base.microseconds
        self.cap = cap.microseconds
        self.quietPeriod = quietPeriod.microseconds
        self.maxPause = max(0, maxPause.microseconds)
    }

    /// Applies one refusal.
    /// - Parameters:
    ///   - now: The current time (µs).
    ///   - sentAt: The refused call's slot time (µs), from its permit.
    ///   - retryAfter: What the API asked for (µs), or nil.
    ///   - state: The state before.
    /// - Returns: the new state, and whether this refusal started a new pause (only that caller
    ///   should log it).
    ///
    /// The pause never ends later than `now + maxPause`, even when the API (or a stored state
    /// from before the cap) asks for longer.
    public func refuse(now: Int64, sentAt: Int64, retryAfter: Int64?, state: State) -> (state: State, isNew: Bool) {
        var next = state
        let asked = retryAfter.map { min(max($0, 0), maxPause) }
        let latest = now + maxPause
        if sentAt < state.pausedAt {
            if let asked { next.pauseUntil = min(max(state.pauseUntil, now + asked), latest) }
            return (next, false)
        }
        if now - state.pauseUntil > quietPeriod { next.strikes = 0 }
        let length = asked ?? min(cap, maxPause, base << min(next.strikes, 30))
        next.strikes += 1
        next.pauseUntil = min(max(state.pauseUntil, now + length), latest)
        next.pausedAt = now
        return (next, true)
    }
}
