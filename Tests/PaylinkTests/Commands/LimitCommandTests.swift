import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// A hostile `Retry-After` against a rate-limited worker process, and `paylink limit` clearing
/// the fleet pause it caused. A Redis of its own: the limit key is the merchant's, shared by
/// every queue.
@Suite(.timeLimit(.minutes(3)))
struct LimitCommandTests {
    @Test func aHugeRetryAfterNeitherCrashesTheWorkerNorPausesTheFleetPastTheCapAndResumeClearsIt() async throws {
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        let redis = try await TestRedis.client(server.url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: "hostile")
        let queue = OrderQueue(keys: keys, redis: redis)
        let limitKey = try RateLimitKeys(merchant: TestMockAPI.appId).limit
        var configuration = MockAPIConfiguration()
        configuration.faults.rateLimited = 1
        configuration.faults.retryAfterSeconds = 9_999_999_999_999
        let mock = try await TestMockAPI.start(configuration)
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(3, prefix: "h"), on: queue)
        let redisURL = "redis://127.0.0.1:\(server.port)/0"
        let worker = try ScriptRun.paylink(
            ["worker", "--queue", keys.queue, "--redis-url", redisURL, "--api-base-url", mock.baseURL,
             "--rate", "100", "--retry-cap", "120"],
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey])

        try await poll(timeout: .seconds(30), "the fleet pause after the first 429") {
            try await redis.send(RedisCommand("HGET", limitKey, "pauseUntil")).string != nil
        }
        #expect(try await worker.waitForExit(timeout: .seconds(1)) == nil, "the worker survives: \(worker.output)")
        let left = try await Self.pauseLeft(redis, limitKey)
        #expect(left > 100_000_000 && left <= 120_000_000, "capped at the retry cap, not 9,999,999,999,999 s: \(left) µs")

        let common = ["--merchant", TestMockAPI.appId, "--redis-url", redisURL]
        let status = try ScriptRun.paylink(["limit", "status"] + common, environment: [:])
        #expect(try await status.waitForExit(timeout: .seconds(30)) == 0, "\(status.output)")
        #expect(status.output.contains("paused for"), "\(status.output)")

        try await mock.setFaults("{}")
        let resume = try ScriptRun.paylink(["limit", "resume"] + common, environment: [:])
        #expect(try await resume.waitForExit(timeout: .seconds(30)) == 0, "\(resume.output)")
        #expect(resume.output.contains("s of pause cleared"), "\(resume.output)")
        #expect(try await Self.pauseLeft(redis, limitKey) <= 0)

        // Without the resume this order would wait out the pause (up to 120 s).
        try await TestOrders.enqueue(TestOrders.valid(1, prefix: "fresh"), on: queue)
        try await poll(timeout: .seconds(20), "the fresh order goes through once resumed") {
            try await queue.result(orderId: "fresh-0")?[ResultField.status] == "succeeded"
        }
        let again = try ScriptRun.paylink(["limit", "resume"] + common, environment: [:])
        #expect(try await again.waitForExit(timeout: .seconds(30)) == 0)
        #expect(again.output.contains("was not paused"), "\(again.output)")
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(40)) == 0, "\(worker.output)")
    }

    @Test func limitCommandsNeedAMerchant() async throws {
        let process = try ScriptRun.paylink(["limit", "resume", "--redis-url", "redis://127.0.0.1:1/0"], environment: ["PAYLINK_APP_ID": ""])
        #expect(try await process.waitForExit(timeout: .seconds(20)) != 0)
        #expect(process.output.contains("--merchant"), "\(process.output)")
    }

    /// pauseUntil minus Redis's clock, in µs.
    private static func pauseLeft(_ redis: RedisClient, _ key: String) async throws -> Int64 {
        let until = try await redis.send(RedisCommand("HGET", key, "pauseUntil")).string.flatMap { Int64($0) } ?? 0
        let time = try await redis.send(RedisCommand("TIME")).array ?? []
        let now = (Int64(time.first?.string ?? "") ?? 0) * 1_000_000 + (Int64(time.last?.string ?? "") ?? 0)
        return until - now
    }
}
