import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Review M4, H4, M1 end to end: answers a proxy, an API bug or a planted token could produce,
/// sent by the stand-in over real HTTP, never crash the worker or hand on a wrong link.
@Suite(.timeLimit(.minutes(2)))
struct HostileAnswerTests {
    private func run(
        _ label: String, faults: String, orders: Int = 10, configure: @escaping (inout WorkerConfiguration) -> Void = { _ in }
    ) async throws -> (queue: OrderQueue, mock: TestMockAPI, redis: RedisClient, error: (any Error)?) {
        let redis = try await TestRedis.client()
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue(label))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        try await mock.setFaults(faults)
        try await TestOrders.enqueue(TestOrders.valid(orders, prefix: label), on: queue)
        let worker = try TestWorker.start(redisURL: try await TestRedis.url(), mock: mock, configure: configure, keys: keys)
        try await poll("every order final") { try await TestOrders.finished(queue) >= orders }
        return (queue, mock, redis, await worker.stop())
    }

    @Test func aLinkForAnotherAmountIsNeverStoredAsTheOrdersLink() async throws {
        let (queue, mock, redis, error) = try await run("amount", faults: #"{"wrongAmount": 1}"#)
        defer { mock.stop(); redis.shutdown() }
        #expect(error == nil)
        let status = try await queue.status()
        #expect(status.results[.failed] == 10 && (status.results[.succeeded] ?? 0) == 0)
        #expect(try await mock.stat("linksCreated") == 10, "never retried by itself")
        let result = try await queue.result(orderId: "amount-0") ?? [:]
        #expect(result[ResultField.errorCode] == "amount_mismatch" && result[ResultField.payInfo] == nil)
        #expect(result[ResultField.mismatchedPaymentId]?.isEmpty == false && result[ResultField.mismatchedPayInfo]?.isEmpty == false)
        #expect(result[ResultField.unsure] == "1", "a dead retry or a re-push knows a link exists")
        let events = try await redis.send(RedisCommand("XRANGE", queue.keys.events, "-", "+")).array ?? []
        let mismatches = events.filter { entry in
            (entry.array?.last?.array ?? []).contains { $0.string == "link-mismatch" }
        }
        #expect(mismatches.count == 10)
    }

    @Test func aLinkForAnotherMerchantIsNeverStoredAsTheOrdersLink() async throws {
        let (queue, mock, redis, error) = try await run("merchant", faults: #"{"wrongMerchant": 1}"#)
        defer { mock.stop(); redis.shutdown() }
        #expect(error == nil)
        let result = try await queue.result(orderId: "merchant-3") ?? [:]
        #expect(result[ResultField.status] == "failed" && result[ResultField.errorCode] == "merchant_mismatch")
        #expect(try await queue.deadLetters().count == 10)
    }

    @Test func aHugeRetryAfterNeitherCrashesTheWorkerNorHaltsItForLong() async throws {
        let (queue, mock, redis, error) = try await run(
            "retryafter", faults: #"{"rateLimitedHugeRetryAfter": 0.3, "unavailableHugeRetryAfter": 0.3}"#,
            configure: { $0.retryMaxDelay = .milliseconds(200) })
        defer { mock.stop(); redis.shutdown() }
        #expect(error == nil)
        #expect(try await queue.status().results[.succeeded] == 10)
    }

    @Test func aTokenAnswerWithAnAbsurdExpiryDoesNotCrashTheWorker() async throws {
        let (queue, mock, redis, error) = try await run(
            "expiry", faults: #"{"hugeTokenExpiry": 0.5, "pastTokenExpiry": 0.5}"#, orders: 5,
            configure: { $0.maxAttempts = 50 })
        defer { mock.stop(); redis.shutdown() }
        #expect(error == nil)
        #expect(try await TestOrders.finished(queue) == 5)
    }

    @Test func aFiveMegabyteAnswerCountsAsAmbiguous() async throws {
        let (queue, mock, redis, error) = try await run("huge", faults: #"{"hugeBody": 1}"#, orders: 3, configure: { $0.maxAttempts = 1 })
        defer { mock.stop(); redis.shutdown() }
        #expect(error == nil)
        let result = try await queue.result(orderId: "huge-0") ?? [:]
        #expect(result[ResultField.status] == "failed" && result[ResultField.unsure] == "1", "\(result)")
    }
}
