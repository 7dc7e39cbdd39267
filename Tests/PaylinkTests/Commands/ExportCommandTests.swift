import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `paylink export`: the duplicate columns operators need before handing links on, and orders
/// without a result shown as `no-result`, never as `pending`.
@Suite(.timeLimit(.minutes(2)))
struct ExportCommandTests {
    @Test func theExportCarriesDuplicateColumnsAndMarksOrdersWithoutAResult() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("export"))
        let queue = OrderQueue(keys: keys, redis: redis)
        try await queue.registerBatch("exp", orderIds: ["e-1", "e-2", "e-3"])
        _ = try await redis.send(RedisCommand(
            "HSET", keys.result("e-1"), "orderId", "e-1", "status", "succeeded", "payInfo", "https://pay.example/1",
            "paymentId", "P1", "amount", "100", "possibleDuplicate", "1", "otherPaymentIds", "P2,P3",
            "earlierAttempts", "attempt 1: timeout after sending"))
        _ = try await redis.send(RedisCommand(
            "HSET", keys.result("e-2"), "orderId", "e-2", "status", "failed", "errorCode", "10005", "errorMessage", "bad, amount"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let common = ["--batch", "exp", "--output", file.path, "--queue", keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"]

        let csv = try ScriptRun.paylink(["export"] + common, environment: [:])
        #expect(try await csv.waitForExit(timeout: .seconds(30)) == 0, "\(csv.output)")
        let rows = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rows == [
            "orderId,status,payInfo,paymentId,amount,errorCode,errorMessage,possibleDuplicate,otherPaymentIds,earlierAttempts",
            "e-1,succeeded,https://pay.example/1,P1,100,,,1,\"P2,P3\",attempt 1: timeout after sending",
            "e-2,failed,,,,10005,\"bad, amount\",,,",
            "e-3,no-result,,,,,,,,",
        ])
        #expect(!rows.joined().contains("pending"))
        #expect(csv.output.contains("1 orders have no result (status no-result): not taken by a worker yet"), "\(csv.output)")

        // Once the batch has finished, an order without a result can only have lost it to retention.
        _ = try await redis.send(RedisCommand("HSET", keys.batch("exp"), "finishedAt", "1"))
        let jsonl = try ScriptRun.paylink(["export", "--format", "jsonl"] + common, environment: [:])
        #expect(try await jsonl.waitForExit(timeout: .seconds(30)) == 0, "\(jsonl.output)")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first?.contains(#""otherPaymentIds":"P2,P3""#) == true, "\(lines)")
        #expect(lines.first?.contains(#""earlierAttempts":"attempt 1: timeout after sending""#) == true)
        #expect(lines.last == #"{"orderId":"e-3","status":"no-result"}"#)
        #expect(jsonl.output.contains("deleted by retention: a link may exist"), "\(jsonl.output)")
    }
}
