import Paylink
import Testing

/// The pause arithmetic with an injected clock (µs): one storm, one pause; doubling backoff.
struct FleetPauseTests {
    let t0: Int64 = 1_700_000_000_000_000
    let policy = FleetPause(base: .seconds(1), cap: .seconds(8), quietPeriod: .seconds(30))

    @Test func theFirstRefusalPausesForWhatTheAPIAsked() {
        let (state, isNew) = policy.refuse(now: t0, sentAt: t0 - 50_000, retryAfter: 5_000_000, state: .init())
        #expect(isNew)
        #expect(state == FleetPause.State(pauseUntil: t0 + 5_000_000, pausedAt: t0, strikes: 1))
    }

    @Test func refusalsOfCallsSentBeforeThePauseAreTheSameStorm() {
        var (state, _) = policy.refuse(now: t0, sentAt: t0 - 50_000, retryAfter: nil, state: .init())
        for offset in stride(from: Int64(1_000), through: 40_000, by: 1_000) {
            let answer = policy.refuse(now: t0 + offset, sentAt: t0 - offset, retryAfter: nil, state: state)
            #expect(!answer.isNew)
            state = answer.state
        }
        #expect(state == FleetPause.State(pauseUntil: t0 + 1_000_000, pausedAt: t0, strikes: 1))
        let longer = policy.refuse(now: t0 + 50_000, sentAt: t0 - 1, retryAfter: 3_000_000, state: state)
        #expect(!longer.isNew && longer.state.pauseUntil == t0 + 3_050_000, "a longer Retry-After is still honoured")
    }

    @Test func theBackoffDoublesPerConsecutiveStormUpToTheCap() {
        var state = FleetPause.State()
        var now = t0
        var lengths: [Int64] = []
        for _ in 0..<6 {
            let answer = policy.refuse(now: now, sentAt: now - 10_000, retryAfter: nil, state: state)
            #expect(answer.isNew)
            lengths.append(answer.state.pauseUntil - now)
            state = answer.state
            now = state.pauseUntil + 200_000  // the first call after the pause is refused again
        }
        #expect(lengths == [1_000_000, 2_000_000, 4_000_000, 8_000_000, 8_000_000, 8_000_000])
    }

    @Test func aQuietPeriodResetsTheBackoff() {
        var (state, _) = policy.refuse(now: t0, sentAt: t0, retryAfter: nil, state: .init())
        state = policy.refuse(now: t0 + 1_100_000, sentAt: t0 + 1_000_000, retryAfter: nil, state: state).state
        #expect(state.strikes == 2)
        let later = state.pauseUntil + 31_000_000
        let answer = policy.refuse(now: later, sentAt: later, retryAfter: nil, state: state)
        #expect(answer.isNew && answer.state.strikes == 1 && answer.state.pauseUntil == later + 1_000_000)
    }

    @Test func noRetryAfterPausesLongerThanTheMaximum() {
        let capped = FleetPause(base: .seconds(1), cap: .seconds(8), quietPeriod: .seconds(30), maxPause: .seconds(300))
        for asked in [Int64(300_000_001), 86_400_000_000, .max] {
            let (state, isNew) = capped.refuse(now: t0, sentAt: t0, retryAfter: asked, state: .init())
            #expect(isNew && state.pauseUntil == t0 + 300_000_000, "\(asked)")
            let sameStorm = capped.refuse(now: t0 + 1, sentAt: t0 - 1, retryAfter: asked, state: state)
            #expect(!sameStorm.isNew && sameStorm.state.pauseUntil == t0 + 300_000_001)
        }
        #expect(capped.refuse(now: t0, sentAt: t0, retryAfter: -5, state: .init()).state.pauseUntil == t0)
    }

    @Test func aStoredPauseBeyondTheMaximumIsCutAtTheNextRefusal() {
        let capped = FleetPause(base: .seconds(1), cap: .seconds(8), quietPeriod: .seconds(30), maxPause: .seconds(60))
        let stale = FleetPause.State(pauseUntil: .max / 2, pausedAt: t0 - 10, strikes: 3)
        let answer = capped.refuse(now: t0, sentAt: t0 - 20, retryAfter: 1_000_000, state: stale)
        #expect(answer.state.pauseUntil == t0 + 60_000_000)
    }

    @Test func theBackoffNeverExceedsTheMaximumPause() {
        let short = FleetPause(base: .seconds(1), cap: .seconds(60), quietPeriod: .seconds(30), maxPause: .seconds(2))
        let (state, _) = short.refuse(now: t0, sentAt: t0, retryAfter: nil, state: FleetPause.State(pauseUntil: t0, pausedAt: t0 - 10, strikes: 10))
        #expect(state.pauseUntil == t0 + 2_000_000)
    }
}
