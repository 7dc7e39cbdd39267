import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Restarts, shutdowns, token trouble and API faults: nothing is lost, nothing is paid twice.
@Suite(.timeLimit(.minutes(5)))
struct WorkerResilienceTests {
    @Test func survivesARedisRestartMidRunWithNothingLost() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        defer { server.stop() }
        let url = server.url
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: "restart")
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(5)))
        defer { mock.stop() }
        let total = 3000
        try await TestOrders.enqueue(TestOrders.valid(total), on: queue)
        let worker = try TestWorker.start(redisURL: url, mock: mock, configure: { $0.lease = .seconds(5) }, keys: keys)
        try await poll("a third of the orders") { try await TestOrders.finished(queue) >= total / 3 }
        server.stop()
        try await server.restart()
        try await poll(timeout: .seconds(60), "every order after the restart") { (try? await TestOrders.finished(queue)) ?? 0 >= total }
        #expect(await worker.stop() == nil)

        let status = try await queue.status()
        #expect(status.results[.succeeded] == total)
        #expect(status.pending == 0 && status.inflight == 0)
        #expect(try await mock.stat("linksCreated") == total)
    }

    @Test func gracefulShutdownMidRunReturnsUnfinishedOrders() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("sigterm"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(50)))
        defer { mock.stop() }
        let total = 2000
        try await TestOrders.enqueue(TestOrders.valid(total), on: queue)
        let first = try TestWorker.start(redisURL: url, mock: mock, keys: keys)
        try await poll("some results") { try await TestOrders.finished(queue) >= 300 }
        #expect(await first.stop() == nil)

        let afterStop = try await queue.status()
        #expect(afterStop.inflight == 0)
        #expect(afterStop.pending + afterStop.resultCount == total)
        #expect(afterStop.pending > 0)

        let second = try TestWorker.start(redisURL: url, mock: mock, keys: keys)
        try await poll("the rest") { try await TestOrders.finished(queue) >= total }
        await second.stop()
        #expect(try await queue.status().results[.succeeded] == total)
        #expect(try await mock.stat("duplicateFingerprints") == 0)
    }

    @Test func shutdownDeadlineCancelsSlowCallsAndRequeuesThem() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("deadline"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .seconds(20)))
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(10), on: queue)
        let worker = try TestWorker.start(
            redisURL: url, mock: mock, httpTimeout: .seconds(30), configure: { $0.shutdownDeadline = .milliseconds(300) }, keys: keys)
        try await poll("all ten in flight") { try await queue.status().inflight == 10 }
        let started = ContinuousClock.now
        #expect(await worker.stop() == nil)
        #expect(ContinuousClock.now - started < .seconds(5))
        let status = try await queue.status()
        #expect(status.pending == 10 && status.inflight == 0)
    }

    @Test func revokedAndExpiringTokensAreRefreshedWithoutFailingOrders() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("token"))
        let queue = OrderQueue(keys: keys, redis: redis)
        var configuration = MockAPIConfiguration(latency: .milliseconds(2))
        configuration.faults.earlyTokenExpiry = 1
        configuration.faults.earlyExpirySeconds = 1
        let mock = try await TestMockAPI.start(configuration)
        defer { mock.stop() }
        let total = 1500
        try await TestOrders.enqueue(TestOrders.valid(total), on: queue)
        let worker = try TestWorker.start(redisURL: url, mock: mock, configure: { $0.concurrency = 8 }, keys: keys)
        try await poll("half") { try await TestOrders.finished(queue) >= total / 2 }
        try await mock.post("/mock/revoke-tokens")
        try await poll("all") { try await TestOrders.finished(queue) >= total }
        await worker.stop()
        #expect(try await queue.status().results[.succeeded] == total)
        #expect(await worker.api.tokenFetchCount >= 2)
    }

    @Test func refusedCredentialsStopTheWorkerAndLoseNothing() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("creds"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(20), on: queue)
        let worker = try TestWorker.start(redisURL: url, mock: mock, appKey: "wrong-key", keys: keys)
        let error = await worker.finish()
        #expect(error is PayFailure)
        let status = try await queue.status()
        #expect(status.pending == 20 && status.inflight == 0 && status.resultCount == 0)
        // Nothing was sent, so the attempt is given back.
        let result = try await queue.result(orderId: "o-0")
        #expect(result?[ResultField.status] == "queued" && result?[ResultField.attempts] == "0")
    }

    @Test func apiFaultsAreSortedIntoFailedAndUnknown() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        // 503 creates nothing: retried up to maxAttempts, then failed.
        try await mock.setFaults(#"{"unavailable": 1}"#)
        let failedKeys = try QueueKeys(queue: TestRedis.uniqueQueue("f503"))
        let failedQueue = OrderQueue(keys: failedKeys, redis: redis)
        try await TestOrders.enqueue(TestOrders.valid(5, prefix: "u"), on: failedQueue)
        let first = try TestWorker.start(redisURL: url, mock: mock, configure: { $0.maxAttempts = 3 }, keys: failedKeys)
        try await poll("failed results") { try await TestOrders.finished(failedQueue) >= 5 }
        await first.stop()
        let failed = try await failedQueue.result(orderId: "u-0")
        #expect(failed?[ResultField.status] == "failed")
        #expect(failed?[ResultField.attempts] == "3")
        #expect(failed?[ResultField.errorCode] == "http_503")
        #expect(failed?[ResultField.possibleDuplicate] == nil)
        #expect(try await failedQueue.deadLetters().map(\.id).sorted() == (0..<5).map { "u-\($0)" })

        // A 5xx after the link was created is ambiguous: under `park`, stored as unknown, never retried.
        try await mock.setFaults(#"{"serverError": 1}"#)
        let unknownKeys = try QueueKeys(queue: TestRedis.uniqueQueue("f500"))
        let unknownQueue = OrderQueue(keys: unknownKeys, redis: redis)
        try await TestOrders.enqueue(TestOrders.valid(5, prefix: "s"), on: unknownQueue)
        let second = try TestWorker.start(redisURL: url, mock: mock, configure: { $0.ambiguousPolicy = .park }, keys: unknownKeys)
        try await poll("unknown results") { try await TestOrders.finished(unknownQueue) >= 5 }
        await second.stop()
        let unknown = try await unknownQueue.result(orderId: "s-0")
        #expect(unknown?[ResultField.status] == "unknown")
        #expect(unknown?[ResultField.attempts] == "1")
        #expect(try await mock.stat("linksCreated") == 5)
        #expect(try await mock.stat("duplicateFingerprints") == 0)
        #expect(try await unknownQueue.unknownOrders() == (0..<5).map { "s-\($0)" })
    }
}
