import Paylink
import Testing

/// The limiter's arithmetic with an injected clock (µs): no Redis.
struct GCRATests {
    let t0: Int64 = 1_700_000_000_000_000

    /// Reserves `count` slots at `now`, as concurrent callers arriving together would.
    func slots(_ gcra: GCRA, _ count: Int, at now: Int64, state: inout GCRA.State) -> [Int64] {
        (0..<count).compactMap { _ in
            guard case .granted(let slot, let next) = gcra.reserve(now: now, state: state, maxWait: .max) else {
                return nil
            }
            state = next
            return slot
        }
    }

    @Test func aSteadyRateSpacesSlotsOneIntervalApart() {
        let gcra = GCRA(requestsPerSecond: 100, burst: 1, rampUp: .zero)
        var state = GCRA.State()
        #expect(gcra.interval == 10_000)
        #expect(slots(gcra, 4, at: t0, state: &state) == [t0, t0 + 10_000, t0 + 20_000, t0 + 30_000])
    }

    @Test func aBurstGoesAtOnceThenOneSlotPerInterval() {
        let gcra = GCRA(requestsPerSecond: 10, burst: 5, rampUp: .zero)
        var state = GCRA.State()
        #expect(slots(gcra, 7, at: t0, state: &state) == [t0, t0, t0, t0, t0, t0 + 100_000, t0 + 200_000])
    }

    @Test func idleTimeRefillsTheBurstOneSlotPerIntervalUpToTheBurst() {
        let gcra = GCRA(requestsPerSecond: 10, burst: 5, rampUp: .zero)
        var state = GCRA.State()
        _ = slots(gcra, 5, at: t0, state: &state)
        let later = t0 + 200_000
        #expect(
            slots(gcra, 3, at: later, state: &state) == [later, later, t0 + 300_000],
            "two intervals idle: two slots back")
        let muchLater = t0 + 60_000_000
        #expect(
            slots(gcra, 6, at: muchLater, state: &state) == Array(repeating: muchLater, count: 5) + [
                muchLater + 100_000
            ])
    }

    @Test func aSlotBeyondMaxWaitIsRefusedAndReservesNothing() {
        let gcra = GCRA(requestsPerSecond: 10, burst: 1, rampUp: .zero)
        var state = GCRA.State()
        _ = slots(gcra, 3, at: t0, state: &state)
        #expect(gcra.reserve(now: t0, state: state, maxWait: 150_000) == .refused(retryIn: 150_000))
        #expect(
            gcra.reserve(now: t0 + 150_000, state: state, maxWait: 150_000)
                == .granted(
                    slot: t0 + 300_000, state: GCRA.State(tat: t0 + 400_000)))
    }

    @Test func aPauseHoldsEverySlotUntilItEndsThenRampsUpWithoutABurst() {
        let gcra = GCRA(requestsPerSecond: 100, burst: 10, rampUp: .seconds(1))
        let end = t0 + 500_000
        var state = gcra.paused(until: end, state: GCRA.State(tat: t0))
        #expect(state == GCRA.State(tat: end + 90_000, pauseUntil: end))
        let first = slots(gcra, 3, at: t0, state: &state)
        #expect(first == [end, end + 100_000, end + 100_000 + 52_631], "a tenth of the rate at first, climbing")
        var slot = first.last ?? 0
        var gaps: [Int64] = []
        while slot < end + 1_200_000 {
            let next = slots(gcra, 1, at: slot, state: &state)[0]
            gaps.append(next - slot)
            slot = next
        }
        #expect(gaps == gaps.sorted(by: >), "the gaps only shrink during the ramp")
        #expect(gaps.last == 10_000, "full rate after the ramp")
        #expect(gaps.allSatisfy { $0 >= 10_000 }, "no burst after a pause, nor when the ramp ends")
    }

    @Test func tenThousandReservationsDoNotDrift() {
        for rate in [200.0, 7.0] {
            let gcra = GCRA(requestsPerSecond: rate, burst: 20, rampUp: .zero)
            var state = GCRA.State()
            var now = t0
            var last: Int64 = 0
            for _ in 0..<10_000 {
                guard case .granted(let slot, let next) = gcra.reserve(now: now, state: state, maxWait: .max) else {
                    return
                }
                state = next
                last = slot
                now = slot  // the caller sleeps exactly its wait
            }
            let ideal = Double(10_000 - 20) * 1_000_000 / rate
            #expect(
                abs(Double(last - t0) - ideal) <= Double(10_000) * 0.5,
                "rate \(rate): off by at most the interval's rounding")
        }
        let exact = GCRA(requestsPerSecond: 200, burst: 20, rampUp: .zero)
        var state = GCRA.State()
        var last: Int64 = 0
        for _ in 0..<10_000 {
            if case .granted(let slot, let next) = exact.reserve(now: t0, state: state, maxWait: .max) {
                state = next
                last = slot
            }
        }
        #expect(last == t0 + 9_980 * 5_000)
    }

    @Test func noOneSecondWindowHoldsMoreThanRatePlusBurst() {
        let gcra = GCRA(requestsPerSecond: 200, burst: 20, rampUp: .zero)
        var generator = SplitMix64(seed: 42)
        var state = GCRA.State()
        var now = t0
        var granted: [Int64] = []
        for _ in 0..<20_000 {
            now += Int64.random(in: 0...8_000, using: &generator)  // callers arrive irregularly, faster than the rate
            if Int64.random(in: 0..<2_000, using: &generator) == 0 { now += 1_500_000 }  // and sometimes idle
            if case .granted(let slot, let next) = gcra.reserve(now: now, state: state, maxWait: 2_000_000) {
                state = next
                granted.append(slot)
            }
        }
        var start = 0
        var busiest = 0
        for end in granted.indices {
            while granted[end] - granted[start] >= 1_000_000 { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        #expect(busiest <= 220 && busiest >= 200, "busiest second: \(busiest)")
    }
}
