import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// Fleet pauses against a real Redis: one storm, one pause; nobody sends before it ends.
@Suite(.timeLimit(.minutes(1)))
struct FleetRateLimiterPauseTests {
    @Test func aStormOfRefusalsDeclaresOnePauseThatHoldsBackEveryProcess() async throws {
        let config = RateLimitConfiguration(requestsPerSecond: 100, burst: 10, rampUp: .zero)
        let f = try await LimiterFixture.make(processes: 2, config)
        defer { f.close() }
        var refused: [RatePermit] = []
        for index in 0..<6 { refused.append(try await f.limiters[index % 2].acquire()) }
        let declared = await withTaskGroup(of: Bool.self) { group in
            for (index, permit) in refused.enumerated() {
                group.addTask { await f.limiters[index % 2].pause(for: .milliseconds(400), after: permit) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(declared == 1, "only one caller declares the pause")
        let pauseUntil = try #require(try await f.field(RateLimitKeys.Field.pauseUntil))
        let after = try await f.limiters[1].acquire()
        // Judged on Redis's clock: wall-clock waits shrink when a loaded machine is slow to get here.
        #expect(after.slot >= pauseUntil)
        #expect(try await f.field(RateLimitKeys.Field.strikes) == 1)
    }

    @Test func aReservedSlotThatAPauseOvertakesIsMovedPastThePause() async throws {
        let config = RateLimitConfiguration(requestsPerSecond: 2, burst: 1, rampUp: .zero)
        let f = try await LimiterFixture.make(processes: 2, config)
        defer { f.close() }
        let first = try await f.limiters[0].acquire()
        let waiting = Task { try await f.limiters[1].acquire() }
        try await poll(timeout: .seconds(5), every: .milliseconds(5), "the second slot is reserved") {
            try await f.field(RateLimitKeys.Field.tat) ?? 0 >= first.slot + 1_000_000
        }
        #expect(await f.limiters[0].pause(for: .seconds(1), after: first))
        let second = try await waiting.value
        let pauseUntil = try #require(try await f.field(RateLimitKeys.Field.pauseUntil))
        #expect(second.slot >= pauseUntil, "reserved for \(first.slot + 500_000), sent after the pause instead")
    }

    @Test func aCallerWaitingOutAPauseCanBeCancelled() async throws {
        let f = try await LimiterFixture.make(
            processes: 1, RateLimitConfiguration(requestsPerSecond: 10, burst: 1, maxInFlight: 5))
        defer { f.close() }
        let permit = try await f.limiters[0].acquire()
        await f.limiters[0].release(permit)
        await f.limiters[0].pause(for: .milliseconds(1500), after: permit)
        let tasks = (0..<3).map { _ in Task { try await f.limiters[0].acquire() } }
        try await poll(timeout: .seconds(5), every: .milliseconds(5), "a slot after the pause is reserved") {
            try await f.redis[0].send(RedisCommand("ZCARD", f.keys.permits)).int == 1
        }
        let started = ContinuousClock.now
        for task in tasks { task.cancel() }
        for task in tasks {
            await #expect(throws: RedisError.self) { _ = try await task.value }
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        try await poll(timeout: .seconds(5), "cancelled callers give their permits back") {
            try await f.redis[0].send(RedisCommand("ZCARD", f.keys.permits)).int == 0
        }
    }

    @Test func withoutRetryAfterTheBackoffDoublesAcrossStorms() async throws {
        var config = RateLimitConfiguration(requestsPerSecond: 100, burst: 10, rampUp: .zero)
        config.pauseBase = .milliseconds(100)
        let f = try await LimiterFixture.make(processes: 1, config)
        defer { f.close() }
        var lengths: [Int64] = []
        for _ in 0..<3 {
            let permit = try await f.limiters[0].acquire()  // waits out the previous pause
            #expect(await f.limiters[0].pause(for: nil, after: permit))
            let until = try await f.field(RateLimitKeys.Field.pauseUntil) ?? 0
            let declared = try await f.field(RateLimitKeys.Field.pausedAt) ?? 0
            lengths.append((until - declared) / 1000)
        }
        #expect(lengths == [100, 200, 400])
    }
}
