import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Housekeeping never gets in the way of the worker's own leases.
@Suite(.timeLimit(.minutes(3)))
struct WorkerMaintenanceTests {
    /// As after an operator lowers `--result-retention-days` (or a first start against millions
    /// of old results): retention has far more to trim than fits in one lease.
    @Test func aLongRetentionBacklogNeverLetsTheWorkersOwnLeasesExpire() async throws {
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        let redis = try await TestRedis.client(server.url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: "retention")
        let queue = OrderQueue(keys: keys, redis: redis)
        let backlog = 300_000
        let seed = """
            for i = tonumber(ARGV[2]), tonumber(ARGV[3]) do
              local id = 'old-' .. i
              redis.call('HSET', ARGV[1] .. 'result:' .. id, 'status', 'succeeded')
              redis.call('ZADD', KEYS[1], 1000, id)
            end
            redis.call('HINCRBY', KEYS[2], 'succeeded', tonumber(ARGV[3]) - tonumber(ARGV[2]) + 1)
            """
        for start in stride(from: 0, to: backlog, by: 50_000) {
            _ = try await redis.send(RedisCommand("EVAL", seed, "2", keys.finished, keys.counts, keys.prefix, String(start), String(start + 49_999)))
        }
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(2500)))
        defer { mock.stop() }
        let total = 20
        try await TestOrders.enqueue(TestOrders.valid(total, prefix: "keep"), on: queue)
        // Calls take 2.5 leases: the orders stay ours only if renewals keep coming.
        let worker = try TestWorker.start(
            redisURL: server.url, mock: mock, httpTimeout: .seconds(10),
            configure: {
                $0.lease = .seconds(1)
                $0.concurrency = total
                $0.retention = Retention(deadMaxAge: nil, deadMaxCount: nil, resultMaxAge: .seconds(86_400), resultMaxCount: nil)
            }, keys: keys)
        try await poll(timeout: .seconds(60), "every order") {
            try await (0..<total).asyncAllSatisfy { try await queue.result(orderId: "keep-\($0)")?[ResultField.status] == "succeeded" }
        }
        #expect(await worker.stop() == nil)

        #expect(try await mock.stat("linksCreated") == total, "no order was sent twice")
        #expect(try await mock.stat("duplicateFingerprints") == 0)
        for index in 0..<total {
            #expect(try await queue.result(orderId: "keep-\(index)")?[ResultField.possibleDuplicate] == nil)
        }
        let left = try await redis.send(RedisCommand("ZCARD", keys.finished)).int ?? 0
        #expect(left < backlog, "retention made progress")
    }
}

extension Sequence {
    fileprivate func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await !predicate(element) { return false }
        return true
    }
}
