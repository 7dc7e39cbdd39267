import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// The producer examples in `examples/` run as written, as separate processes, against a worker
/// and the stand-in: what a platform team copies must push orders the way the contract says
/// and find their links.
@Suite(.timeLimit(.minutes(3)))
struct ProducerExamplesTests {
    @Test func pythonExampleGetsALinkForEveryOrder() async throws {
        let fixture = try await ExampleFixture.start(label: "py-example")
        let prefix = "py-\(UUID().uuidString.prefix(8))"
        let run = try ScriptRun(
            "/usr/bin/python3", [ScriptRun.repositoryRoot + "/examples/producer.py", "20", prefix, "--timeout", "60"],
            environment: ["PAYLINK_REDIS_URL": fixture.redisURL, "PAYLINK_QUEUE": fixture.keys.queue])
        let code = try await run.waitForExit(timeout: .seconds(90))
        #expect(code == 0, "\(run.output)")
        #expect(run.output.contains("results: succeeded 20"), "\(run.output)")
        try await fixture.expectLinks((0..<20).map { "\(prefix)-\($0)" })
        await fixture.stop()
    }

    @Test func pythonExampleFollowsTheRecordedShardLayout() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let queue = TestRedis.uniqueQueue("py-shards")
        let worker = try ScriptRun.paylink(
            ["worker", "--api-base-url", mock.baseURL, "--queue", queue, "--shards", "3", "--redis-url", ExampleFixture.urlString(url)],
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey])
        let store = try ShardLayoutStore(queue: queue, redis: redis)
        try await poll("the worker recorded the layout") { try await store.read() != nil }
        let prefix = "pys-\(UUID().uuidString.prefix(8))"
        let run = try ScriptRun(
            "/usr/bin/python3", [ScriptRun.repositoryRoot + "/examples/producer.py", "30", prefix, "--timeout", "60"],
            environment: ["PAYLINK_REDIS_URL": ExampleFixture.urlString(url), "PAYLINK_QUEUE": queue])
        #expect(try await run.waitForExit(timeout: .seconds(90)) == 0, "\(run.output)")
        #expect(run.output.contains("onto 3 shards of \(queue)") && run.output.contains("results: succeeded 30"), "\(run.output)")
        let shards = try #require(try await store.read()).shards()
        for id in (0..<30).map({ "\(prefix)-\($0)" }) {
            let result = try await OrderQueue(keys: shards.keys(for: id), redis: redis).result(orderId: id)
            #expect(result?[ResultField.status] == "succeeded", "\(id)")
        }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        #expect(try await mock.stat("linksCreated") == 30)
    }

    @Test func redisCliExampleGetsALinkForEveryOrder() async throws {
        let fixture = try await ExampleFixture.start(label: "cli-example")
        let prefix = "cli-\(UUID().uuidString.prefix(8))"
        let run = try ScriptRun(
            "/bin/bash", [ScriptRun.repositoryRoot + "/examples/producer-redis-cli.sh"],
            environment: ["REDIS_URL": fixture.redisURL, "QUEUE": fixture.keys.queue, "ORDER_PREFIX": prefix, "TIMEOUT": "60"])
        let code = try await run.waitForExit(timeout: .seconds(90))
        #expect(code == 0, "\(run.output)")
        let ids = (1...3).map { "\(prefix)-\($0)" }
        for id in ids { #expect(run.output.contains("\(id) succeeded https://"), "\(run.output)") }
        try await fixture.expectLinks(ids)
        await fixture.stop()
    }

    @Test func pythonExampleFailsWhenResultsDoNotArrive() async throws {
        let url = try await TestRedis.url()
        let run = try ScriptRun(
            "/usr/bin/python3", [ScriptRun.repositoryRoot + "/examples/producer.py", "2", "none", "--timeout", "0.5"],
            environment: ["PAYLINK_REDIS_URL": ExampleFixture.urlString(url), "PAYLINK_QUEUE": TestRedis.uniqueQueue("no-worker")])
        #expect(try await run.waitForExit(timeout: .seconds(30)) == 1, "\(run.output)")
        #expect(run.output.contains("no final result"), "\(run.output)")
    }

    /// Runs the Swift example when `PAYLINK_SWIFT_PRODUCER` names its built executable
    /// (`swift build --package-path examples/swift-producer`): building it takes minutes.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PAYLINK_SWIFT_PRODUCER"] != nil))
    func swiftExampleGetsALinkForEveryOrder() async throws {
        let executable = try #require(ProcessInfo.processInfo.environment["PAYLINK_SWIFT_PRODUCER"])
        let fixture = try await ExampleFixture.start(label: "swift-example")
        let prefix = "sw-\(UUID().uuidString.prefix(8))"
        let run = try ScriptRun(
            executable, ["10", prefix, "60"],
            environment: ["PAYLINK_REDIS_URL": fixture.redisURL, "PAYLINK_QUEUE": fixture.keys.queue])
        #expect(try await run.waitForExit(timeout: .seconds(90)) == 0, "\(run.output)")
        try await fixture.expectLinks((0..<10).map { "\(prefix)-\($0)" })
        await fixture.stop()
    }
}

/// A worker on a fresh queue with the stand-in, for one example run.
private struct ExampleFixture {
    let keys: QueueKeys
    let redisURL: String
    let redis: RedisClient
    let mock: TestMockAPI
    let worker: TestWorker

    static func start(label: String) async throws -> ExampleFixture {
        let url = try await TestRedis.url()
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue(label))
        let mock = try await TestMockAPI.start()
        let worker = try TestWorker.start(redisURL: url, mock: mock, keys: keys)
        return ExampleFixture(keys: keys, redisURL: urlString(url), redis: try await TestRedis.client(url), mock: mock, worker: worker)
    }

    /// The URL as the examples take it (`RedisURL.description` hides the password).
    static func urlString(_ url: RedisURL) -> String {
        let password = url.password.map { ":\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)@" } ?? ""
        let user = url.password == nil ? "" : url.username ?? ""
        let host = url.host.contains(":") ? "[\(url.host)]" : url.host
        return "redis://\(user)\(password)\(host):\(url.port)/\(url.database)"
    }

    /// Stops the worker gracefully, then the stand-in and the client.
    func stop() async {
        #expect(await worker.stop() == nil)
        mock.stop()
        redis.shutdown()
    }

    /// Each order has a `succeeded` result with a link, and was sent once.
    func expectLinks(_ orderIds: [String]) async throws {
        let queue = OrderQueue(keys: keys, redis: redis)
        for id in orderIds {
            let result = try await queue.result(orderId: id)
            #expect(result?[ResultField.status] == "succeeded", "\(id): \(result ?? [:])")
            #expect(result?[ResultField.payInfo]?.hasPrefix("https://") == true, "\(id)")
            #expect(result?[ResultField.possibleDuplicate] == nil, "\(id)")
        }
        #expect(try await mock.stat("duplicateFingerprints") == 0)
    }
}
