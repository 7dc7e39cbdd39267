import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import Paylink

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

    @Test func aRedisRestartThatLosesTheLastWritesGivesNoOrderASecondLink() async throws {
        // No AOF, no automatic snapshot: a SIGKILL takes Redis back to the last SAVE.
        let server = try await LocalRedisServer.start(extraArguments: ["--appendonly", "no", "--save", ""])
        defer { server.stop() }
        let redis = try await TestRedis.client(server.url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: "restart-rollback")
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(20, prefix: "rr"), on: queue)
        _ = try await redis.send(RedisCommand("SAVE"))
        let worker = try TestWorker.start(redisURL: server.url, mock: mock, keys: keys)
        try await poll("all links stored") { try await queue.status().results[.succeeded] == 20 }
        server.kill()
        try await server.restart()
        try await poll("the orders are answered from their links again") {
            let status = try? await queue.status()
            return status?.pending == 0 && status?.inflight == 0 && status?.results[.succeeded] == 20
        }
        #expect(await worker.stop() == nil)
        #expect(try await mock.stat("linksCreated") == 20, "no order was sent a second time")
    }
}

/// The `run_id` a worker watches to notice a Redis restart or failover.
struct RedisServerIdentityTests {
    @Test func readsTheRunIdFromInfo() {
        let info = "# Server\r\nredis_version:7.0.15\r\nrun_id:9f0e1d2c3b4a59687766554433221100ffeeddcc\r\ntcp_port:6379\r\n"
        #expect(RedisServerIdentity.runId(info: info) == "9f0e1d2c3b4a59687766554433221100ffeeddcc")
    }

    @Test(arguments: ["", "run_id:\r\n", "run_id:not-hex\r\n", "redis_version:7.0.15\r\n"])
    func refusesAnythingElse(info: String) {
        #expect(RedisServerIdentity.runId(info: info) == nil)
    }
}
