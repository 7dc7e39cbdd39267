import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// A worker whose HTTP or Redis client is closed for good stops (non-zero) instead of burning
/// the orders it takes; its orders come back through release or their leases.
@Suite(.timeLimit(.minutes(3)))
struct WorkerClientFailureTests {
    @Test func aClosedHTTPClientStopsTheWorkerAndBurnsNoOrder() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("httpgone"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(200)))
        defer { mock.stop() }
        let total = 100
        try await TestOrders.enqueue(TestOrders.valid(total, prefix: "hg"), on: queue)
        // One attempt: any failure the dead client causes would be final.
        let worker = try TestWorker.start(
            redisURL: url, mock: mock, configure: {
                $0.maxAttempts = 1
                $0.concurrency = 8
            }, keys: keys)
        try await poll("some links") { try await queue.status().results[.succeeded] ?? 0 >= 8 }
        worker.closeHTTPClient()
        let (ended, error) = await worker.end(within: .seconds(20))
        #expect(ended, "the worker stops by itself")
        #expect((error as? WorkerError)?.code == .httpClientClosed, "\(String(describing: error))")

        let status = try await queue.status()
        #expect(status.results[.failed] ?? 0 == 0, "no order burned")
        #expect(status.dead == 0)
        #expect(status.inflight == 0 && status.retrying == 0)
        #expect(status.pending + (status.results[.succeeded] ?? 0) == total)
    }

    @Test func aClosedRedisClientStopsTheWorkerAndLosesNothing() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("redisgone"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(200)))
        defer { mock.stop() }
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("paylink-spool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: spool) }
        let total = 100
        try await TestOrders.enqueue(TestOrders.valid(total, prefix: "rg"), on: queue)
        let configure: (inout WorkerConfiguration) -> Void = {
            $0.maxAttempts = 1
            $0.concurrency = 8
            $0.lease = .seconds(2)
            $0.spoolDirectory = spool
        }
        let first = try TestWorker.start(redisURL: url, mock: mock, configure: configure, keys: keys)
        try await poll("some links") { try await queue.status().results[.succeeded] ?? 0 >= 8 }
        first.closeRedisClients()
        let (ended, error) = await first.end(within: .seconds(20))
        #expect(ended, "the worker stops by itself")
        #expect((error as? WorkerError)?.code == .redisClientClosed, "\(String(describing: error))")
        #expect(try await queue.status().results[.failed] ?? 0 == 0)

        // Results it could not store are in its spool; its held orders come back when their leases expire.
        let second = try TestWorker.start(redisURL: url, mock: mock, configure: configure, keys: keys)
        try await poll("every order") { try await queue.status().results[.succeeded] ?? 0 == total }
        await second.stop()
        let status = try await queue.status()
        #expect(status.pending == 0 && status.inflight == 0 && status.dead == 0)
    }
}
