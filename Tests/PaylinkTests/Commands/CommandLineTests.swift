import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `paylink enqueue`, `status` and `result` as an operator runs them.
@Suite(.timeLimit(.minutes(2)))
struct CommandLineTests {
    @Test func enqueueReadsCSVAndStatusAndResultReport() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let queue = TestRedis.uniqueQueue("cli")
        let keys = try QueueKeys(queue: queue)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orders-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let rows = (0..<2500).map { "c-\($0),\(100 + $0),https://a.example/c/\($0),https://a.example/r/\($0),\"row, \($0)\"" }
        try ("orderId,amount,callbackURL,returnURL,remark\n" + rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let redisURL = "redis://127.0.0.1:\(url.port)/\(url.database)"

        let enqueue = try ScriptRun.paylink(["enqueue", file.path, "--queue", queue, "--redis-url", redisURL], environment: [:])
        #expect(try await enqueue.waitForExit(timeout: .seconds(30)) == 0, "\(enqueue.output)")
        #expect(enqueue.output.contains("enqueued 2500 orders"))
        let first = try #require(try await redis.send(RedisCommand("LINDEX", keys.pending, "-1")).bytes)
        #expect(try OrderParser.parse(first).get().remark == "row, 0")

        let status = try ScriptRun.paylink(["status", "--queue", queue, "--redis-url", redisURL], environment: [:])
        #expect(try await status.waitForExit(timeout: .seconds(30)) == 0)
        #expect(status.output.contains("pending   2500"), "\(status.output)")

        let missing = try ScriptRun.paylink(["result", "nope", "--queue", queue, "--redis-url", redisURL], environment: [:])
        #expect(try await missing.waitForExit(timeout: .seconds(30)) == 1)
        #expect(missing.output.contains("no result for nope"))
    }

    @Test func enqueueRefusesACSVWithAnUnknownColumnNamingIt() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "orderId,price\nA,1\n".write(to: file, atomically: true, encoding: .utf8)
        let process = try ScriptRun.paylink(["enqueue", file.path, "--redis-url", "redis://127.0.0.1:1/0"], environment: [:])
        #expect(try await process.waitForExit(timeout: .seconds(30)) != 0)
        #expect(process.output.contains("price"), "\(process.output)")
    }
}

/// `paylink demo`, the quick start's main command, end to end on a small batch.
@Suite(.timeLimit(.minutes(2)))
struct DemoCommandTests {
    @Test func demoRunsTheWholePathAndCleansUp() async throws {
        let demo = try ScriptRun.paylink(["demo", "--orders", "300", "--latency-ms", "2"], environment: [:])
        #expect(try await demo.waitForExit(timeout: .seconds(90)) == 0, "\(demo.output)")
        let output = demo.output
        #expect(output.contains("done: 300 orders"), "\(output)")
        #expect(output.contains("succeeded: 296"))
        #expect(output.contains("invalid: 3"))
        #expect(output.contains("rejected (no orderId, in the dead list): 1"))
        #expect(output.contains("payInfo: https://intlmapi.alipay.com/gateway.do?"))
    }
}

/// `paylink enqueue` on CSV files that must not be read loosely.
@Suite(.timeLimit(.minutes(2)))
struct EnqueueCSVStrictnessTests {
    static let header: [UInt8] = Array("orderId,callbackURL,returnURL,amount\n".utf8)
    static let cases: [([UInt8], String)] = [
        (header + Array("A-1,https://a.example/c,https://a.example/r,1,000\n".utf8), "line 2: has 5 fields"),
        (header + Array("A-1,https://a.example/c,https://a.example/r,10".utf8) + [0xFF, 0x0A], "line 2: is not valid UTF-8"),
    ]

    @Test(arguments: cases)
    func aMisfitRowOrBadBytesStopTheEnqueueNamingTheLine(csv: [UInt8], named: String) async throws {
        let url = try await TestRedis.url()
        let queue = TestRedis.uniqueQueue("csvstrict")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(csv).write(to: file)
        let run = try ScriptRun.paylink(["enqueue", file.path, "--queue", queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"], environment: [:])
        #expect(try await run.waitForExit(timeout: .seconds(30)) != 0)
        #expect(run.output.contains(named), "\(run.output)")
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        #expect(try await OrderQueue(keys: try QueueKeys(queue: queue), redis: redis).pendingCount() == 0)
    }
}
