import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// The worker end to end: real Redis, real HTTP through libcurl to the in-process stand-in.
@Suite(.timeLimit(.minutes(5)))
struct WorkerTests {
    @Test func tenThousandOrdersBecomeSucceededResultsWithTheirLinks() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("10k"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(10_000), on: queue)
        let worker = try TestWorker.start(redisURL: url, mock: mock, keys: keys)
        try await poll(timeout: .seconds(120), "10,000 results") { try await TestOrders.finished(queue) >= 10_000 }
        #expect(await worker.stop() == nil)

        let status = try await queue.status()
        #expect(status.results[.succeeded] == 10_000)
        #expect(status.pending == 0 && status.inflight == 0)
        let payInfos = try await redis.pipeline((0..<10_000).map { RedisCommand("HGET", keys.result("o-\($0)"), ResultField.payInfo) })
        #expect(payInfos.allSatisfy { $0.string?.hasPrefix("https://intlmapi.alipay.com/gateway.do?") == true })
        #expect(try await mock.stat("linksCreated") == 10_000)
        #expect(try await mock.stat("duplicateFingerprints") == 0)
    }

    @Test func invalidOrdersGetResultsNamingTheFieldWhileTheWorkerGoesOn() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("invalid"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let base = #""callbackURL":"https://a.example/c","returnURL":"https://a.example/r""#
        let invalid: [(id: String, json: String, field: String)] = [
            ("i-frac", #"{"orderId":"i-frac","amount":"10.50",\#(base)}"#, "amount"),
            ("i-neg", #"{"orderId":"i-neg","amount":"-5",\#(base)}"#, "amount"),
            ("i-big", #"{"orderId":"i-big","amount":"99999999999999999999",\#(base)}"#, "amount"),
            ("i-type", #"{"orderId":"i-type","amount":true,\#(base)}"#, "amount"),
            ("i-cb", #"{"orderId":"i-cb","amount":"1","callbackURL":"ftp://a.example/c","returnURL":"https://a.example/r"}"#, "callbackURL"),
            ("i-ret", #"{"orderId":"i-ret","amount":"1","callbackURL":"https://a.example/c"}"#, "returnURL"),
            ("i-long", #"{"orderId":"i-long","amount":"1","callbackURL":"https://a.example/\#(String(repeating: "x", count: 250))","returnURL":"https://a.example/r"}"#, "callbackURL"),
            ("i-remark", #"{"orderId":"i-remark","amount":"1",\#(base),"remark":"\#(String(repeating: "r", count: 129))"}"#, "remark"),
            ("i-chan", #"{"orderId":"i-chan","amount":"1",\#(base),"channel":"pos"}"#, "channel"),
            // Too large to parse, but its orderId can still be read: an `invalid` result, not a dead entry.
            ("i-huge", #"{"orderId":"i-huge","amount":"1",\#(base),"remark":"\#(String(repeating: "h", count: 20_000))"}"#, "element"),
        ]
        let noId = ["not json", #"{"amount":"1"}"#, #"{"orderId":"bad id!","amount":"1"}"#, "[1,2,3]"]
        var elements = TestOrders.valid(50, prefix: "ok")
        elements += invalid.map { Array($0.json.utf8) } + noId.map { Array($0.utf8) }
        elements.shuffle()
        try await TestOrders.enqueue(elements, on: queue)
        let worker = try TestWorker.start(redisURL: url, mock: mock, keys: keys)
        try await poll("all outcomes") {
            try await queue.status().finishedCount >= elements.count
        }
        await worker.stop()

        let status = try await queue.status()
        #expect(status.results[.succeeded] == 50)
        #expect(status.results[.invalid] == invalid.count)
        #expect(status.rejected == noId.count)
        for case let (id, _, field) in invalid {
            let result = try await queue.result(orderId: id)
            #expect(result?[ResultField.status] == "invalid", "\(id)")
            #expect(result?[ResultField.errorMessage]?.hasPrefix(field + ":") == true, "\(id): \(result?[ResultField.errorMessage] ?? "none")")
        }
        let dead = try await queue.deadLetters(limit: 100)
        #expect(Set(dead.map(\.element)) == Set(noId))
        #expect(dead.allSatisfy { $0.orderId == nil && $0.id.hasPrefix("job:") && $0.errorMessage.contains(":") })
        #expect(try await mock.stat("payCalls") == 50)
    }
}
