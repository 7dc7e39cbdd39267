import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// The `paylink worker` command as a real process: signals, exit codes and what it logs.
@Suite(.timeLimit(.minutes(3)))
struct WorkerProcessTests {
    @Test func sigtermMidRunLosesNothing() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("proc"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(30)))
        defer { mock.stop() }
        let total = 3000
        try await TestOrders.enqueue(TestOrders.valid(total), on: queue)
        let worker = try ScriptRun.paylink(
            ["worker", "--queue", keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)", "--api-base-url", mock.baseURL],
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey])
        try await poll("some results") { try await TestOrders.finished(queue) >= 200 }
        worker.signal(SIGTERM)
        let exit = try await worker.waitForExit(timeout: .seconds(30))
        #expect(exit == 0, "\(worker.output)")

        let status = try await queue.status()
        #expect(status.inflight == 0)
        #expect(status.pending > 0)
        #expect(status.pending + status.resultCount == total)
        #expect(status.results[.succeeded] == status.resultCount)
        #expect(try await mock.stat("linksCreated") == status.results[.succeeded])
    }

    @Test(arguments: ["text", "json"])
    func aDebugRunLogsNoAppKeyOrToken(format: String) async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("secrets"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let appKey = "s3cret-app-key-\(UUID().uuidString)"
        var configuration = MockAPIConfiguration(credentials: [TestMockAPI.appId: appKey])
        configuration.faults.earlyTokenExpiry = 1
        configuration.faults.earlyExpirySeconds = 1
        // Slow enough (300 / 4 x 20 ms) that tokens expire during the run and are refreshed.
        configuration.latency = .milliseconds(20)
        let mock = try await TestMockAPI.start(configuration)
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(300), on: queue)
        let worker = try ScriptRun.paylink(
            ["worker", "--queue", keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)", "--api-base-url", mock.baseURL,
             "--log-level", "debug", "--concurrency", "4", "--log-format", format],
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": appKey], separateErrors: true)
        try await poll("all results") { try await TestOrders.finished(queue) >= 300 }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")

        let log = worker.output
        #expect(log.contains("Payment link created"), "the run logged at debug level")
        #expect(!log.contains(appKey))
        #expect(!log.contains("Bearer"))
        #expect(!log.contains("eyJ"), "no JWT-looking token")
        #expect(try await mock.stat("tokenCalls") >= 2)
        if format == "json" {
            #expect(worker.standardOutput.isEmpty, "logs go to stderr only: \(worker.standardOutput)")
            let records = JSONLogRecords.parse(worker.standardError)
            let created = records.filter { $0["msg"]?.stringValue == "Payment link created" }
            #expect(Set(created.compactMap { $0["orderId"]?.stringValue }).count == 300, "a debug record for each order")
            #expect(created.allSatisfy { $0["orderId"]?.stringValue != nil && $0["attempt"] != nil && $0["label"]?.stringValue == "paylink.worker" })
            #expect(records.contains { $0["level"]?.stringValue == "info" }, "lifecycle records too")
        }
    }

    @Test(arguments: [
        (["worker", "--api-base-url", "http://example.com"], "PAYLINK_API_BASE_URL"),
        (["worker", "--redis-url", "http://nope"], "redis-url"),
        (["worker", "--concurrency", "0"], "--concurrency"),
        (["status", "--queue", "a{b}"], "--queue"),
        (["worker", "--log-level", "loud"], "--log-level"),
        (["worker", "--log-format", "xml"], "--log-format"),
        (["status", "--log-format", "yaml"], "PAYLINK_LOG_FORMAT"),
        (["worker", "--ambiguous", "maybe"], "--ambiguous"),
        (["worker", "--retry-base", "5", "--retry-cap", "1"], "--retry-cap"),
        (["worker", "--dead-max", "-1"], "--dead-max"),
        (["worker", "--rate", "0"], "--rate"),
        (["worker", "--burst", "5"], "--rate"),
        (["worker", "--rate", "inf"], "invalid --rate"),
        (["worker", "--rate", "nan"], "invalid --rate"),
        (["worker", "--rate", "1e20"], "invalid --rate"),
        (["worker", "--api-base-url", "http://127.evil.example"], "PAYLINK_API_BASE_URL"),
        (["worker", "--api-base-url", "http://127.0.0.1@evil.example"], "PAYLINK_API_BASE_URL"),
        (["worker", "--lease", "1e300"], "--lease"),
        (["worker", "--result-retention-days", "1e308"], "--result-retention-days"),
        (["dead", "purge", "--older-than", "1e300d"], "invalid --older-than"),
        (["dead", "purge", "--older-than", "36501d"], "invalid --older-than"),
    ])
    func badSettingsStopWithAMessageNamingThem(arguments: [String], named: String) async throws {
        let process = try ScriptRun.paylink(arguments, environment: ["PAYLINK_APP_ID": "A", "PAYLINK_APP_KEY": "k"])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "refused, not a crash: \(String(describing: exit))")
        #expect(process.output.contains(named), "\(process.output)")
    }

    @Test func aBadLogFormatInTheEnvironmentIsNamed() async throws {
        let process = try ScriptRun.paylink(
            ["status", "--redis-url", "redis://127.0.0.1:1/0"], environment: ["PAYLINK_LOG_FORMAT": "logfmt"])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "refused, not a crash: \(String(describing: exit)) \(process.output)")
        #expect(process.output.contains("invalid --log-format / PAYLINK_LOG_FORMAT: \"logfmt\""), "\(process.output)")
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e20", "1e400"])
    func aBadRateInTheEnvironmentIsNamed(rate: String) async throws {
        let process = try ScriptRun.paylink(
            ["worker", "--redis-url", "redis://127.0.0.1:1/0"],
            environment: ["PAYLINK_APP_ID": "A", "PAYLINK_APP_KEY": "k", "PAYLINK_RATE": rate])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "refused, not a crash: \(String(describing: exit)) \(process.output)")
        #expect(process.output.contains("invalid PAYLINK_RATE"), "\(process.output)")
    }

    @Test func aBadTokenRefreshMarginWithAMerchantsFileIsNamed() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("merchants-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try #"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"PAYLINK_APP_KEY"}}}"#.write(to: file, atomically: true, encoding: .utf8)
        let process = try ScriptRun.paylink(
            ["worker", "--merchants", file.path, "--token-refresh-margin", "inf", "--redis-url", "redis://127.0.0.1:1/0"],
            environment: ["PAYLINK_APP_KEY": "k"])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "refused, not a crash: \(String(describing: exit)) \(process.output)")
        #expect(process.output.contains("--token-refresh-margin"), "\(process.output)")
    }

    @Test func aWrongBaseURLStopsTheWorkerWithoutFailingOrders() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("wrongpath"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(20), on: queue)
        let worker = try ScriptRun.paylink(
            ["worker", "--queue", keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)",
             "--api-base-url", mock.baseURL + "/no-such-prefix"],
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey])
        let exit = try await worker.waitForExit(timeout: .seconds(30))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(String(describing: exit)) \(worker.output)")
        #expect(worker.output.contains("check --api-base-url"), "\(worker.output)")
        let status = try await queue.status()
        #expect(status.pending == 20 && status.inflight == 0, "every order back in the queue")
        #expect(status.results[.failed] == nil || status.results[.failed] == 0, "no order failed for a configuration error")
    }

    @Test func aMissingAppKeyIsNamed() async throws {
        let process = try ScriptRun.paylink(["worker", "--api-base-url", "http://127.0.0.1:1"], environment: ["PAYLINK_APP_ID": "A", "PAYLINK_APP_KEY": "", "PAYLINK_APP_KEY_FILE": ""])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit != 0)
        #expect(process.output.contains("PAYLINK_APP_KEY"), "\(process.output)")
    }
}
