import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Tokens that die while calls are in flight: the worker refreshes, and stops only when the API
/// refuses a token fetched after its refusal.
@Suite(.timeLimit(.minutes(2)))
struct TokenExpiryRaceTests {
    /// The cause of the rare CI stall in `WorkerResilienceTests.revokedAndExpiringTokens...`: a call refused for an expired token
    /// was sent again with the current token, which another call had fetched a while before and
    /// which had expired too; that second refusal stopped the worker. Here every token dies
    /// 1 s after it is issued and calls take 0.2-0.7 s, so it happens within seconds; a token
    /// fetched after a refusal still outlives the call it is fetched for. Timing-sensitive: it
    /// runs alone, after the parallel suites (scripts/test.sh).
    @Test func aTokenThatDiesWhileCallsAreInFlightDoesNotStopTheWorker() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("token-race"))
        let queue = OrderQueue(keys: keys, redis: redis)
        var configuration = MockAPIConfiguration(latency: .milliseconds(200))
        configuration.latencyJitter = .milliseconds(500)
        configuration.faults.earlyTokenExpiry = 1
        configuration.faults.earlyExpirySeconds = 1
        let mock = try await TestMockAPI.start(configuration)
        defer { mock.stop() }
        let total = 160
        try await TestOrders.enqueue(TestOrders.valid(total), on: queue)
        let worker = try TestWorker.start(redisURL: url, mock: mock, configure: { $0.concurrency = 8 }, keys: keys)
        try await poll(timeout: .seconds(30), "all") { try await TestOrders.finished(queue) >= total }
        #expect(await worker.stop() == nil, "the worker kept running")
        #expect(try await queue.status().results[.succeeded] == total)
    }
}
