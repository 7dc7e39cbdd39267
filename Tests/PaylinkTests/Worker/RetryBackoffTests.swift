import Testing

@testable import Paylink

struct RetryBackoffTests {
    /// A generator that always returns the largest value, so a delay equals its ceiling.
    struct MaxGenerator: RandomNumberGenerator {
        mutating func next() -> UInt64 { .max }
    }

    @Test func ceilingDoublesUpToTheCap() {
        let backoff = RetryBackoff(base: .milliseconds(100), cap: .seconds(1))
        #expect(backoff.ceiling(afterAttempt: 1) == .milliseconds(100))
        #expect(backoff.ceiling(afterAttempt: 2) == .milliseconds(200))
        #expect(backoff.ceiling(afterAttempt: 4) == .milliseconds(800))
        #expect(backoff.ceiling(afterAttempt: 5) == .seconds(1))
        #expect(backoff.ceiling(afterAttempt: 500) == .seconds(1))
    }

    @Test func delayIsJitteredWithinTheCeiling() {
        let backoff = RetryBackoff(base: .milliseconds(100), cap: .seconds(10))
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...6 {
            let delay = backoff.delay(afterAttempt: attempt, using: &generator)
            #expect(delay >= .zero && delay <= backoff.ceiling(afterAttempt: attempt))
        }
        var max = MaxGenerator()
        #expect(backoff.delay(afterAttempt: 3, using: &max) <= .milliseconds(400))
    }

    @Test func retryAfterIsHonouredButCapped() {
        let backoff = RetryBackoff(base: .milliseconds(100), cap: .seconds(5))
        var generator = SystemRandomNumberGenerator()
        #expect(backoff.delay(afterAttempt: 1, retryAfter: .seconds(2), using: &generator) == .seconds(2))
        #expect(backoff.delay(afterAttempt: 1, retryAfter: .seconds(60), using: &generator) == .seconds(5))
    }
}
