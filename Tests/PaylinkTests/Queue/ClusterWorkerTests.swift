import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// A worker, its fleet limiter and a queue on a real 3-master Redis Cluster, with the queue's slot
/// and the merchant's on different masters: every client follows the cluster by itself.
@Suite(.timeLimit(.minutes(3)))
struct ClusterWorkerTests {
    @Test func ordersFlowWhenTheQueueAndTheMerchantLiveOnDifferentMasters() async throws {
        let cluster = try await LocalRedisCluster.start(masters: 3, replicasPerMaster: 0)
        defer { cluster.stop() }
        var keys = try QueueKeys(queue: TestRedis.uniqueQueue("cluster"))
        var merchant = try RateLimitKeys(merchant: "test-\(keys.queue)")
        // A queue name whose slot's master differs from its merchant's (the limiter's keys).
        for _ in 0..<100 {
            let queueMaster = try await cluster.master(ofSlot: RedisKeySlot.slot(of: keys.pending))
            let merchantMaster = try await cluster.master(ofSlot: RedisKeySlot.slot(of: merchant.limit))
            if queueMaster !== merchantMaster { break }
            keys = try QueueKeys(queue: TestRedis.uniqueQueue("cluster"))
            merchant = try RateLimitKeys(merchant: "test-\(keys.queue)")
        }
        let redis = try await TestRedis.client(cluster.url)
        defer { redis.shutdown() }
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(40), on: queue)
        let worker = try TestWorker.start(
            redisURL: cluster.url, mock: mock, rateLimit: RateLimitConfiguration(requestsPerSecond: 500, burst: 50), keys: keys)
        try await poll(timeout: .seconds(60), "every order settled") {
            let status = try await queue.status()
            return status.pending == 0 && status.inflight == 0 && status.results[.succeeded] == 40
        }
        #expect(await worker.stop() == nil)
        // The limiter really wrote on its own master, and the results on the queue's.
        for slot in [RedisKeySlot.slot(of: merchant.limit), RedisKeySlot.slot(of: keys.pending)] {
            let master = try await cluster.master(ofSlot: slot)
            let count = try await cluster.withNode(master) { try await $0.send(RedisCommand("CLUSTER", "COUNTKEYSINSLOT", slot)) }
            #expect((count.int ?? 0) > 0, "slot \(slot) on \(master.port)")
        }
    }
}
