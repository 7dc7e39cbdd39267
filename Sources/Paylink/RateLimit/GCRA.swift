/// The rate arithmetic of the fleet limiter: the generic cell rate algorithm (GCRA) as a
/// *reservation*, so each caller learns exactly when its slot comes instead of polling.
///
/// Times are whole microseconds of one clock (Redis `TIME` in production, any number in tests).
/// `RateLimitScripts.reserve` runs the same steps in Lua, line for line; change both together.
/// This type is the tested model of that script and supplies its arguments.
///
/// Rules:
/// - Slots are one ``interval`` apart; up to ``burst`` may fall at the same moment after idle time.
/// - No slot is before a fleet pause ends (`pauseUntil`).
/// - A pause spends the burst (``paused(until:state:)``), and for ``rampUp`` after it the rate
///   climbs linearly from ``rampStartFraction`` of the full rate, so the API is probed gently
///   before full speed; the burst comes back only with idle time, as usual.
///
/// ```swift
/// let gcra = GCRA(requestsPerSecond: 200, burst: 20, rampUp: .seconds(3))
/// if case .granted(let slot, let next) = gcra.reserve(now: now, state: state, maxWait: 2_000_000) { ... }
/// ```
public struct GCRA: Sendable, Equatable {
    /// The shared limiter state, as kept in the `limit` hash.
    public struct State: Sendable, Equatable {
        /// Theoretical arrival time (µs): when the next slot would be at the steady rate.
        public var tat: Int64
        /// End of the current fleet pause (µs); 0 when there never was one.
        public var pauseUntil: Int64

        public init(tat: Int64 = 0, pauseUntil: Int64 = 0) {
            self.tat = tat
            self.pauseUntil = pauseUntil
        }
    }

    /// The answer to one reservation.
    public enum Reservation: Sendable, Equatable {
        /// The caller owns the slot at `slot` (µs; wait `slot - now`); store `state`.
        case granted(slot: Int64, state: State)
        /// The slot would be more than `maxWait` away; nothing was reserved. Ask again after
        /// `retryIn` µs, when it would be within `maxWait`.
        case refused(retryIn: Int64)
    }

    /// The rate at the first slot after a pause, as a share of the full rate. A tenth lets a
    /// few calls find out whether the API has recovered without a stampede if it has not.
    public static let rampStartFraction = 0.1

    /// Microseconds between slots at the full rate, rounded to the nearest whole microsecond
    /// (exact for rates that divide 1,000,000, such as 200/s).
    public let interval: Int64
    /// Calls allowed at the same moment after idle time; at least 1.
    public let burst: Int
    /// How long after a pause the rate takes to climb back to full (µs); 0 for no ramp.
    public let rampUp: Int64

    /// - Precondition: `requestsPerSecond` in `0.001...1_000_000` and `burst` in `1...100_000`
    ///   (validated from flags by ``RateLimitConfiguration``), so every product below fits Int64.
    public init(requestsPerSecond: Double, burst: Int, rampUp: Duration) {
        precondition(requestsPerSecond >= 0.001 && requestsPerSecond <= 1_000_000 && burst >= 1 && burst <= 100_000)
        self.interval = max(1, Int64(exactly: (1_000_000 / requestsPerSecond).rounded()) ?? 1_000_000_000)
        self.burst = burst
        self.rampUp = max(0, rampUp.microseconds)
    }

    /// How far behind the theoretical arrival time a slot may be: what makes a burst.
    public var tolerance: Int64 { interval * Int64(burst - 1) }

    /// Reserves the next slot at `now`.
    /// - Parameters:
    ///   - now: The current time (µs).
    ///   - state: The shared state before this reservation.
    ///   - maxWait: The longest wait (µs) the caller accepts; a later slot is refused.
    /// - Returns: the slot and the new state, or a refusal that leaves the state alone.
    public func reserve(now: Int64, state: State, maxWait: Int64) -> Reservation {
        let slot = max(now, state.tat - tolerance, state.pauseUntil)
        var step = interval
        if slot < state.pauseUntil + rampUp {
            let fraction =
                Self.rampStartFraction
                + (1 - Self.rampStartFraction) * Double(slot - state.pauseUntil) / Double(rampUp)
            // fraction is in [rampStartFraction, 1) here, so step is at most 10 intervals.
            step = Int64(exactly: (Double(interval) / fraction).rounded(.down)) ?? interval * 10
        }
        let wait = slot - now
        if wait > maxWait { return .refused(retryIn: wait - maxWait) }
        return .granted(slot: slot, state: State(tat: max(state.tat, slot) + step, pauseUntil: state.pauseUntil))
    }

    /// The state after a pause until `until` (µs) was declared: no slot before it, and the
    /// burst spent, so slots after the pause start one at a time instead of all at once.
    public func paused(until: Int64, state: State) -> State {
        let end = max(state.pauseUntil, until)
        return State(tat: max(state.tat, end + tolerance), pauseUntil: end)
    }
}
