import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `OrderProducer`, used as examples/swift-producer uses it: push orders, read their results.
@Suite(.timeLimit(.minutes(3)))
struct OrderProducerTests {
    static func order(_ id: String, amount: String = "1000", batchId: String? = nil) -> Order {
        Order(
            orderId: id, amount: amount, callbackURL: "https://shop.example/notify/\(id)",
            returnURL: "https://shop.example/orders/\(id)", batchId: batchId)
    }

    @Test func enqueuePushesEachOrderAsItsContractJSONOldestFirst() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let producer = try OrderProducer(queue: TestRedis.uniqueQueue("producer"), redis: redis)
        let orders = (0..<2_500).map { Self.order("p-\($0)") }
        #expect(try await producer.enqueue(orders) == 2_500)
        // Workers take from the right: the first order pushed is the first taken.
        let oldest = try await redis.send(RedisCommand("LINDEX", producer.keys.pending, "-1"))
        // As the contract writes it, stamped with the push time for the latency metrics.
        var expected = orders[0]
        expected.enqueuedAt = try OrderParser.parse(try #require(oldest.bytes)).get().enqueuedAt
        #expect(expected.enqueuedAt != nil)
        #expect(oldest.bytes == expected.jsonBytes())
        #expect(try await producer.result(orderId: "p-0") == nil)
        #expect(try await producer.enqueue([]) == 2_500)
    }

    @Test func resultsShowLinksAndRejectionsOnceAWorkerHasRun() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("producer-results"))
        let producer = try OrderProducer(queue: keys.queue, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let worker = try TestWorker.start(redisURL: url, mock: mock, keys: keys)
        let ids = (0..<10).map { "r-\($0)" }
        try await producer.enqueue(ids.map { Self.order($0, batchId: "batch-1") } + [Self.order("bad", amount: "10.50")])

        var results: [String: StoredResult] = [:]
        try await poll("11 final results") {
            results = try await producer.results(orderIds: ids + ["bad", "never-pushed"])
            return results.values.filter(\.isFinal).count == 11
        }
        #expect(await worker.stop() == nil)

        for id in ids {
            #expect(results[id]?.status == .succeeded)
            #expect(results[id]?.payInfo?.hasPrefix("https://") == true)
            #expect(results[id]?.paymentId?.isEmpty == false)
            #expect(results[id]?.possibleDuplicate == false)
            #expect(results[id]?.fields[ResultField.batchId] == "batch-1")
        }
        #expect(results["bad"]?.status == .invalid)
        #expect(results["bad"]?.errorCode == "invalid_amount")
        #expect(results["bad"]?.errorMessage?.hasPrefix("amount: ") == true)
        #expect(results["never-pushed"] == nil)
        let counts = try await producer.counts()
        #expect(counts["succeeded"] == 10 && counts["invalid"] == 1)
    }

    @Test func aQueueNameThatBreaksTheHashTagIsRefused() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        #expect(throws: ConfigurationError.self) { try OrderProducer(queue: "a}b", redis: redis) }
    }
}

/// `OrderProducer` on a sharded queue: it pushes each order to the shard the recorded layout
/// gives it, so workers of that layout take it (before, it pushed to the queue's own `pending`,
/// which no worker of a sharded queue reads: the orders sat there unprocessed).
@Suite(.timeLimit(.minutes(3)))
struct OrderProducerShardTests {
    @Test func ordersGoToTheirShardsAndResultsAreFoundThereAndAfterAChange() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let queue = TestRedis.uniqueQueue("producer-shards")
        let worker = try ScriptRun.paylink(
            ["worker", "--api-base-url", mock.baseURL, "--queue", queue, "--shards", "3", "--redis-url", url.description],
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey])
        let store = try ShardLayoutStore(queue: queue, redis: redis)
        try await poll("the worker recorded the layout") { try await store.read() != nil }
        let layout = try #require(try await store.read())

        let producer = try OrderProducer(queue: queue, redis: redis)
        let ids = (0..<30).map { "ps-\($0)" }
        try await producer.enqueue(ids.map { OrderProducerTests.order($0) })
        var results: [String: StoredResult] = [:]
        try await poll("30 final results") {
            results = try await producer.results(orderIds: ids)
            return results.values.filter(\.isFinal).count == 30
        }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        #expect(results.values.allSatisfy { $0.status == .succeeded })
        #expect(try await mock.stat("linksCreated") == 30)
        // Each result is in the order's own shard, and the queue's own pending list stayed empty.
        let shards = try layout.shards()
        for id in ids {
            #expect(try await OrderQueue(keys: shards.keys(for: id), redis: redis).result(orderId: id)?[ResultField.status] == "succeeded")
        }
        #expect(try await redis.send(RedisCommand("EXISTS", producer.keys.pending)) == .integer(0))
        #expect(try await producer.counts()["succeeded"] == 30)

        // After a change of --shards, a new producer still finds every result (in the earlier
        // layout's shards) and counts them.
        _ = try await store.change(to: 2, recordedCount: 3, by: "test")
        let later = try OrderProducer(queue: queue, redis: redis)
        let found = try await later.results(orderIds: ids)
        #expect(found.count == 30 && found.values.allSatisfy { $0.status == .succeeded })
        #expect(try await later.counts()["succeeded"] == 30)
    }
}
