import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// A Redis that goes back to an earlier state (a restart from an `appendfsync everysec` AOF, a
/// failover) loses the claim, the sent mark and the result of an order whose link was just
/// made: the order is back in the queue as if never sent. The worker sees the job counter go
/// back and stores its recent links again, so the order is not sent a second time.
@Suite(.timeLimit(.minutes(1)))
struct RedisRollbackTests {
    @Test func anOrderWhoseResultRedisLostIsNotSentAgain() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("rollback"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let element = TestOrders.valid(1, prefix: "rb")[0]
        let before = try await redis.send(RedisCommand("GET", keys.jobSequence)).string ?? "0"
        try await queue.enqueue([element])
        let worker = try TestWorker.start(redisURL: try await TestRedis.url(), mock: mock, keys: keys)
        try await poll("the link is stored") { try await queue.result(orderId: "rb-0")?[ResultField.status] == "succeeded" }
        let paymentId = try await queue.result(orderId: "rb-0")?[ResultField.paymentId]

        // Redis goes back to the moment before the claim: the element is pending again, and
        // nothing shows it was ever taken.
        _ = try await redis.checkedPipeline([
            RedisCommand("DEL", keys.result("rb-0"), keys.finished, keys.counts),
            RedisCommand("SET", keys.jobSequence, before),
            RedisCommand("LPUSH", arguments: [keys.pending, element]),
        ])
        try await poll("the order is answered from its link again") {
            let pending = try await queue.status().pending
            let status = try await queue.result(orderId: "rb-0")?[ResultField.status]
            return pending == 0 && status == "succeeded"
        }
        #expect(await worker.stop() == nil)
        let result = try await queue.result(orderId: "rb-0") ?? [:]
        #expect(result[ResultField.paymentId] == paymentId)
        #expect(try await mock.stat("linksCreated") == 1, "not sent a second time")
    }
}
