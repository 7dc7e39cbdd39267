import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// The whole life of orders on a single-node Redis Cluster that serves only the queue's slot and
/// the merchant's: a command or script touching any other slot, or declaring keys of two slots,
/// would fail (`CLUSTERDOWN`, `CROSSSLOT`, a script's non-local key), so every key the worker,
/// the queue and the limiter touch lies in the slots their hash tags name.
@Suite(.timeLimit(.minutes(3)))
struct ScriptClusterSlotTests {
    @Test func anOrdersWholeLifeTouchesOnlyItsQueuesAndMerchantsSlots() async throws {
        let server = try await LocalRedisServer.start(extraArguments: [
            "--cluster-enabled", "yes", "--cluster-require-full-coverage", "no",
        ])
        defer { server.stop() }
        let redis = try await TestRedis.client(server.url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("slots"))
        let merchant = try RateLimitKeys(merchant: "test-\(keys.queue)")  // TestWorker's limiter merchant
        let slots = Set([RedisKeySlot.slot(of: keys.pending), RedisKeySlot.slot(of: merchant.limit)])
        #expect(try await redis.send(RedisCommand("CLUSTER", arguments: ["ADDSLOTS"] + slots.map(String.init))).string == "OK")
        try await poll(timeout: .seconds(20), "the one-node cluster is up") {
            (try await redis.send(RedisCommand("CLUSTER", "INFO")).string ?? "").contains("cluster_state:ok")
        }
        // The cluster refuses any other slot: what the rest of the test relies on.
        let elsewhere = try await redis.pipeline([RedisCommand("GET", "paylink:{elsewhere}:x")])
        guard case .error? = elsewhere.first else {
            Issue.record("a key in an unserved slot was answered: \(elsewhere)")
            return
        }
        _ = try await redis.send(RedisCommand("CONFIG", "RESETSTAT"))

        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let batched = (0..<30).map { index in
            Order(
                orderId: "b-\(index)", amount: String(100 + index), callbackURL: "https://shop.example/notify/b-\(index)",
                returnURL: "https://shop.example/orders/b-\(index)", batchId: "B1"
            ).jsonBytes()
        }
        try await queue.registerBatch("B1", orderIds: (0..<30).map { "b-\($0)" })
        try await queue.configure(eventsMaxLength: 1000, batchRetention: .seconds(600))
        let invalid = Array(#"{"orderId":"i-1","amount":"-5","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}"#.utf8)
        try await TestOrders.enqueue(batched + TestOrders.valid(20) + [invalid, Array("not json".utf8)], on: queue)
        try await queue.enqueue([batched[0]])  // a duplicate push, answered from the result

        let worker = try TestWorker.start(
            redisURL: server.url, mock: mock, rateLimit: RateLimitConfiguration(requestsPerSecond: 500, burst: 50), keys: keys)
        try await poll(timeout: .seconds(60), "every order settled") {
            let status = try await queue.status()
            return status.pending == 0 && status.inflight == 0 && status.results[.succeeded] == 50
                && status.results[.invalid] == 1 && status.dead == 1
        }
        #expect(await worker.stop() == nil)

        let batch = try #require(try await queue.batch("B1"))
        #expect(batch.total == 30 && batch.succeeded == 30 && batch.finishedAt != nil)
        let events = try await redis.send(RedisCommand("XRANGE", keys.events, "-", "+")).array ?? []
        let types = events.compactMap { entry -> String? in
            let fields = (entry.array?.last?.array ?? []).compactMap(\.string)
            return zip(fields, fields.dropFirst()).first { $0.0 == EventField.type.rawValue }?.1
        }
        #expect(types.filter { $0 == EventType.batchCompleted.rawValue }.count == 1)
        #expect(types.filter { $0 == EventType.result.rawValue }.count == 51)

        // The operator's side and retention, on the same slots.
        #expect(try await queue.pause(reason: "check", by: "test"))
        #expect(try await queue.resume() != nil)
        let dead = try await queue.deadLetters()
        #expect(try await queue.retryDead(dead.map(\.id)) == 1)
        _ = try await queue.claim(max: 10, lease: .seconds(30), worker: "t", policy: .retry)
        let removed = try await queue.trim(retention: Retention(deadMaxAge: .zero, deadMaxCount: 0, resultMaxAge: .zero, resultMaxCount: 0))
        #expect(removed.results == 51)

        // Nothing was refused for its slot, in any script or command, on any connection.
        let errors = try await redis.send(RedisCommand("INFO", "errorstats")).string ?? ""
        for refusal in ["CLUSTERDOWN", "CROSSSLOT", "MOVED", "ASK", "TRYAGAIN"] {
            #expect(!errors.contains("errorstat_\(refusal):"), "\(errors)")
        }
        #expect(!errors.contains("errorstat_ERR:"), "\(errors)")
    }
}
