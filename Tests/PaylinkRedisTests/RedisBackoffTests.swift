import Testing

@testable import PaylinkRedis

struct RedisBackoffTests {
    @Test func doublesFromBaseUpToCap() {
        var backoff = RedisBackoff(base: .milliseconds(50), cap: .seconds(2))
        let delays = (0..<8).map { _ in backoff.nextDelay(jitter: 1) }
        let expected: [Duration] = [50, 100, 200, 400, 800, 1600, 2000, 2000].map { .milliseconds($0) }
        #expect(delays == expected)
    }

    @Test func jitterSpansHalfToFullDelay() {
        var low = RedisBackoff(base: .milliseconds(100), cap: .seconds(10))
        #expect(low.nextDelay(jitter: 0) == .milliseconds(50))
        var middle = RedisBackoff(base: .milliseconds(100), cap: .seconds(10))
        #expect(middle.nextDelay(jitter: 0.5) == .milliseconds(75))
        var outOfRange = RedisBackoff(base: .milliseconds(100), cap: .seconds(10))
        #expect(outOfRange.nextDelay(jitter: 7) == .milliseconds(100))
    }

    @Test func resetStartsOverAndHugeFailureCountsDoNotOverflow() {
        var backoff = RedisBackoff(base: .milliseconds(50), cap: .seconds(2))
        for _ in 0..<200 { _ = backoff.nextDelay(jitter: 1) }
        #expect(backoff.nextDelay(jitter: 1) == .seconds(2))
        backoff.reset()
        #expect(backoff.failures == 0)
        #expect(backoff.nextDelay(jitter: 1) == .milliseconds(50))
    }
}
