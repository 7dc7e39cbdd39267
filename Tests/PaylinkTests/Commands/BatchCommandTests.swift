import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `paylink enqueue --batch`, `paylink batch` and `paylink export`, with a worker running.
@Suite(.timeLimit(.minutes(2)))
struct BatchCommandTests {
    @Test func aBatchFromAFileIsTrackedAndExported() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let queue = TestRedis.uniqueQueue("batchcli")
        let keys = try QueueKeys(queue: queue)
        let orders = OrderQueue(keys: keys, redis: redis)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl")
        let export = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).csv")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: export)
        }
        var lines = TestOrders.valid(100, prefix: "bc").map { String(decoding: $0, as: UTF8.self) }
        lines.append(lines[7])  // pushed twice: one order, one link
        lines.insert(#"{"orderId":"bc-bad","amount":"ten"}"#, at: 50)
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let common = ["--queue", queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"]

        let refused = try ScriptRun.paylink(["enqueue", file.path, "--batch", "sale-1"] + common, environment: [:])
        #expect(try await refused.waitForExit(timeout: .seconds(30)) == 2)
        #expect(refused.output.contains("line 51: amount:"), "\(refused.output)")
        #expect(refused.output.contains("nothing pushed"), "\(refused.output)")
        #expect(try await orders.pendingCount() == 0)

        let enqueue = try ScriptRun.paylink(["enqueue", file.path, "--batch", "sale-1", "--on-invalid", "skip"] + common, environment: [:])
        #expect(try await enqueue.waitForExit(timeout: .seconds(30)) == 0, "\(enqueue.output)")
        #expect(enqueue.output.contains("enqueued 101 orders"), "\(enqueue.output)")
        #expect(try await orders.batch("sale-1")?.total == 100)

        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let worker = try TestWorker.start(redisURL: url, mock: mock, keys: keys)
        let watch = try ScriptRun.paylink(["batch", "sale-1", "--watch"] + common, environment: [:])
        #expect(try await watch.waitForExit(timeout: .seconds(60)) == 0, "\(watch.output)")
        await worker.stop()
        #expect(watch.output.contains("succeeded  100") && watch.output.contains("pending    0"), "\(watch.output)")
        #expect(try await mock.stat("linksCreated") == 100)

        let list = try ScriptRun.paylink(["batch", "list"] + common, environment: [:])
        #expect(try await list.waitForExit(timeout: .seconds(30)) == 0)
        #expect(list.output.contains("sale-1  finished  total=100 succeeded=100"), "\(list.output)")

        let exported = try ScriptRun.paylink(["export", "--batch", "sale-1", "--output", export.path] + common, environment: [:])
        #expect(try await exported.waitForExit(timeout: .seconds(30)) == 0, "\(exported.output)")
        let rows = try String(contentsOf: export, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "orderId,status,payInfo,paymentId,amount,errorCode,errorMessage,possibleDuplicate,otherPaymentIds,earlierAttempts")
        #expect(rows.count == 101)
        #expect(rows.dropFirst().allSatisfy { $0.contains(",succeeded,https://") })
    }
}
