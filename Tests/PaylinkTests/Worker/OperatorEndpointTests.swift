import Foundation
import Paylink
import PaylinkHTTP
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// `paylink worker --http-address`: real worker processes, a real Redis and the stand-in, scraped
/// over HTTP through libcurl.
@Suite(.timeLimit(.minutes(4)))
struct OperatorEndpointTests {
    static let environment = ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey]

    static func worker(_ keys: QueueKeys, redis url: RedisURL, mock: TestMockAPI, _ extra: [String] = []) throws -> ScriptRun {
        try ScriptRun.paylink(
            ["worker", "--queue", keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)", "--api-base-url", mock.baseURL,
             "--http-address", "127.0.0.1:0", "--retry-base", "0.01", "--retry-cap", "0.05"] + extra,
            environment: environment)
    }

    static func port(of worker: ScriptRun) async throws -> Int {
        var port: Int?
        try await poll(timeout: .seconds(20), "the endpoint's log line") {
            port = endpointPort(in: worker.output)
            return port != nil
        }
        return try #require(port, "\(worker.output)")
    }

    @Test func twoWorkersCountersEqualRedisCountsAfterARunWithFaults() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("metrics"))
        let queue = OrderQueue(keys: keys, redis: redis)
        var configuration = MockAPIConfiguration(latency: .milliseconds(2))
        configuration.faults.serverError = 0.05
        configuration.faults.unavailable = 0.05
        configuration.faults.wrongAmount = 0.01
        let mock = try await TestMockAPI.start(configuration)
        defer { mock.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }

        let valid = 1500
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var elements = (0..<valid).map { index in
            Order(
                orderId: "m-\(index)", amount: String(100 + index), callbackURL: "https://shop.example/notify/m-\(index)",
                returnURL: "https://shop.example/orders/m-\(index)", enqueuedAt: now
            ).jsonBytes()
        }
        for index in 0..<20 { elements.append(Array(#"{"orderId":"bad-\#(index)","amount":"-1"}"#.utf8)) }
        elements.append(Array("not json".utf8))
        try await TestOrders.enqueue(elements, on: queue)
        let workers = try (0..<2).map { _ in try Self.worker(keys, redis: url, mock: mock, ["--concurrency", "16"]) }
        var ports: [Int] = []
        for worker in workers { ports.append(try await Self.port(of: worker)) }
        try await poll(timeout: .seconds(120), "every order to end") { try await queue.status().finishedCount >= elements.count }

        let status = try await queue.status()
        let scrapes = try await ports.asyncMap { try await MetricsScrape.fetch(port: $0, http: http) }
        func total(_ outcome: String) -> Int {
            Int(scrapes.reduce(0) { $0 + $1.sum("paylink_orders_total", ["queue": keys.queue, "outcome": outcome]) })
        }
        #expect(total("succeeded") == status.results[.succeeded] ?? -1)
        #expect(total("invalid") == status.results[.invalid] ?? -1)
        #expect(total("failed") + total("amount_mismatch") == status.results[.failed] ?? 0)
        #expect(total("amount_mismatch") > 0, "the stand-in's wrong amounts are counted apart")
        #expect(total("rejected") == status.rejected)
        #expect(total("retried") > 0)
        #expect(total("succeeded") > 0 && scrapes.allSatisfy { $0.sum("paylink_orders_total", ["outcome": "succeeded"]) > 0 }, "both workers worked")
        let calls = scrapes.reduce(0) { $0 + $1.sum("paylink_api_requests_total", ["endpoint": "web-pay"]) }
        #expect(Int(calls) == (try await mock.stat("payCalls")))
        #expect(scrapes.reduce(0) { $0 + $1.sum("paylink_api_requests_total", ["endpoint": "web-pay", "code": "5xx"]) } > 0)
        for scrape in scrapes {
            #expect(scrape.familiesWithoutHelpOrType.isEmpty, "\(scrape.familiesWithoutHelpOrType)")
            #expect(scrape.sum("paylink_queue_jobs", ["queue": keys.queue, "state": "pending"]) == 0)
            #expect(Int(scrape.sum("paylink_queue_jobs", ["queue": keys.queue, "state": "dead"])) == status.dead)
            #expect(scrape.sum("paylink_concurrency") == 16)
            #expect(scrape.sum("paylink_order_latency_seconds_count", ["queue": keys.queue]) > 0)
            #expect(scrape.sum("process_resident_memory_bytes") > 1_000_000)
            #expect(scrape.has("paylink_build_info") && scrape.has("process_start_time_seconds") && scrape.has("process_open_fds"))
            #expect(!scrape.text.contains("orderId") && !scrape.text.contains("jobId"), "no unbounded label")
            try PromtoolCheck.metrics(scrape.text)
        }
        for worker in workers { worker.signal(SIGTERM) }
        for worker in workers { #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0) }
    }

    @Test func readyzAnswers503FromSigtermWhileTheDrainRuns() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("readyz"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(3000)))
        defer { mock.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let worker = try Self.worker(keys, redis: url, mock: mock, ["--concurrency", "4"])
        let port = try await Self.port(of: worker)
        try await poll("ready") { await probe("/readyz", port: port, http: http)?.status == 200 }
        try await TestOrders.enqueue(TestOrders.valid(4), on: queue)
        try await poll("orders in flight") { try await queue.status().inflight == 4 }

        worker.signal(SIGTERM)
        var draining: (status: Int, line: String)?
        try await poll(timeout: .seconds(2), every: .milliseconds(20), "503 after SIGTERM") {
            draining = await probe("/readyz", port: port, http: http)
            return draining?.status == 503
        }
        #expect(draining?.line.hasPrefix("draining") == true, "\(String(describing: draining))")
        #expect(try await queue.status().inflight > 0, "the drain had not ended")
        #expect(await probe("/livez", port: port, http: http)?.status == 200)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0)
        #expect(try await queue.status().results[.succeeded] == 4, "the drain finished the orders in flight")
    }

    @Test func livezStaysUpWhileRedisIsDownAndReadyzSaysWhy() async throws {
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("livez"))
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(5)))
        defer { mock.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let worker = try Self.worker(keys, redis: server.url, mock: mock)
        let port = try await Self.port(of: worker)
        try await poll("ready") { await probe("/readyz", port: port, http: http)?.status == 200 }

        server.kill()
        try await poll(timeout: .seconds(10), "readyz to see Redis gone") { await probe("/readyz", port: port, http: http)?.status == 503 }
        #expect(await probe("/readyz", port: port, http: http)?.line.hasPrefix("redis:") == true)
        // Well past every Redis timeout the loops meet (command 5 s, connect 2 s): never stuck.
        let until = ContinuousClock.now + .seconds(8)
        while ContinuousClock.now < until {
            let live = await probe("/livez", port: port, http: http)
            #expect(live?.status == 200, "\(String(describing: live))")
            try await Task.sleep(for: .milliseconds(500))
        }
        _ = try? await MetricsScrape.fetch(port: port, http: http)  // answers from the last values
        try await server.restart()
        try await poll(timeout: .seconds(20), "ready again") { await probe("/readyz", port: port, http: http)?.status == 200 }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test func aBadHTTPAddressIsRefusedWithItsReason() async throws {
        for (address, reason) in [("127.0.0.1:99999", "port 99999"), ("localhost", "HOST:PORT"), ("::1:80", "IPv6")] {
            let worker = try ScriptRun.paylink(["worker", "--http-address", address, "--redis-url", "redis://127.0.0.1:1/0"], environment: Self.environment)
            #expect(try await worker.waitForExit(timeout: .seconds(10)) != 0)
            #expect(worker.output.contains("--http-address") && worker.output.contains(reason), "\(worker.output)")
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
