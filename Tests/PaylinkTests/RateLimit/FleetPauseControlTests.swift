import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// The pause cap inside the Lua script, and `FleetPauseControl` (`paylink limit`) against a real Redis.
@Suite(.timeLimit(.minutes(1)))
struct FleetPauseControlTests {
    let config = RateLimitConfiguration(requestsPerSecond: 100, burst: 1, rampUp: .zero, maxPause: .seconds(2))
    /// A cap long enough that reading the pause back on a busy machine stays well inside it.
    let longCap = RateLimitConfiguration(requestsPerSecond: 100, burst: 1, rampUp: .zero, maxPause: .seconds(60))

    @Test func aHugeRetryAfterPausesTheFleetOnlyUpToTheCap() async throws {
        let f = try await LimiterFixture.make(processes: 1, longCap)
        defer { f.close() }
        let permit = try await f.limiters[0].acquire()
        #expect(await f.limiters[0].pause(for: .seconds(9_999_999_999_999), after: permit))
        let left = try await Self.pauseLeft(f)
        #expect(left > 30_000_000 && left <= 60_000_000, "\(left) µs")
    }

    @Test func theScriptCutsAStoredPauseLongerThanTheCap() async throws {
        let f = try await LimiterFixture.make(processes: 1, config)
        defer { f.close() }
        let permit = try await f.limiters[0].acquire()
        // A pause written before the cap existed (or by hand): it would hold the fleet for years.
        _ = try await f.redis[0].send(RedisCommand(
            "HSET", f.keys.limit, "pauseUntil", "9000000000000000000", "pausedAt", "0", "tat", "9000000000000000000"))
        await f.limiters[0].pause(for: .milliseconds(100), after: permit)
        #expect(try await Self.pauseLeft(f) <= 2_000_000)
        let started = ContinuousClock.now
        _ = try await f.limiters[0].acquire()
        #expect(ContinuousClock.now - started < .seconds(4), "the next slot comes after the capped pause")
    }

    @Test func resumeEndsAPauseAndWaitingCallersGoWithinASecond() async throws {
        let long = RateLimitConfiguration(requestsPerSecond: 100, burst: 1, rampUp: .zero)
        let f = try await LimiterFixture.make(processes: 1, long)
        defer { f.close() }
        let control = try FleetPauseControl(redis: f.redis[0], merchant: f.merchant)
        #expect(try await control.status().pauseLeft == .zero)
        let permit = try await f.limiters[0].acquire()
        await f.limiters[0].pause(for: .seconds(30), after: permit)
        let status = try await control.status()
        #expect(status.pauseLeft.map { $0 > .seconds(25) } == true, "\(status)")
        #expect(status.strikes == 1)
        let waiting = Task { try await f.limiters[0].acquire() }
        try await Task.sleep(for: .milliseconds(100))
        let cleared = try await control.resume()
        #expect(cleared.map { $0 > .seconds(25) } == true, "\(String(describing: cleared))")
        let started = ContinuousClock.now
        _ = try await waiting.value
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(try await control.status().pauseLeft == .zero)
        #expect(try await control.resume() == .zero, "nothing to resume")
    }

    @Test func resumeClearsADamagedHash() async throws {
        let f = try await LimiterFixture.make(processes: 1, config)
        defer { f.close() }
        let control = try FleetPauseControl(redis: f.redis[0], merchant: f.merchant)
        _ = try await f.redis[0].send(RedisCommand("HSET", f.keys.limit, "pauseUntil", "inf", "tat", "nan", "strikes", "1e400"))
        let status = try await control.status()
        #expect(status.pauseLeft == nil && status.strikes == nil, "\(status)")
        _ = try await control.resume()
        #expect(try await control.status().pauseLeft == .zero)
        let started = ContinuousClock.now
        _ = try await f.limiters[0].acquire()
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    /// pauseUntil minus Redis's clock, in µs.
    private static func pauseLeft(_ f: LimiterFixture) async throws -> Int64 {
        let until = try await f.field(RateLimitKeys.Field.pauseUntil) ?? 0
        let time = try await f.redis[0].send(RedisCommand("TIME")).array ?? []
        let now = (time.first?.int ?? 0) * 1_000_000 + (time.last?.int ?? 0)
        return until - now
    }
}
