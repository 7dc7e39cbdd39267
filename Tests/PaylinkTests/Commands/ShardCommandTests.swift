import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// A sharded queue: producers route by orderId, one worker process serves every shard.
@Suite(.timeLimit(.minutes(2)))
struct ShardCommandTests {
    @Test func ordersSpreadOverShardsAndOneWorkerServesThemAll() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let queue = TestRedis.uniqueQueue("shard")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shard-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = TestOrders.valid(300, prefix: "sh").map { String(decoding: $0, as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let common = ["--queue", queue, "--shards", "3", "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"]

        let enqueue = try ScriptRun.paylink(["enqueue", file.path, "--batch", "sb"] + common, environment: [:])
        #expect(try await enqueue.waitForExit(timeout: .seconds(30)) == 0, "\(enqueue.output)")
        // The first push of a new queue records its layout: spread tags.
        let layout = try #require(try await ShardLayoutStore(queue: queue, redis: redis).read())
        #expect(layout.tags == (try ShardTags.spread(queue: queue, count: 3)))
        let shards = try layout.shards()
        var perShard: [Int] = []
        for keys in shards.shards { perShard.append(try await OrderQueue(keys: keys, redis: redis).pendingCount()) }
        #expect(perShard.reduce(0, +) == 300 && perShard.allSatisfy { $0 > 50 }, "\(perShard)")
        #expect(try await OrderQueue(keys: shards.keys(for: "sh-7"), redis: redis).pendingCount() > 0)

        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let worker = try ScriptRun.paylink(
            ["worker", "--api-base-url", mock.baseURL, "--concurrency", "12"] + common,
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey])
        let batch = try ScriptRun.paylink(["batch", "sb", "--watch"] + common, environment: [:])
        #expect(try await batch.waitForExit(timeout: .seconds(60)) == 0, "\(batch.output)")
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        #expect(batch.output.contains("total      300") && batch.output.contains("succeeded  300"), "\(batch.output)")
        #expect(try await mock.stat("linksCreated") == 300)

        let result = try ScriptRun.paylink(["result", "sh-7"] + common, environment: [:])
        #expect(try await result.waitForExit(timeout: .seconds(30)) == 0)
        #expect(result.output.contains("status: succeeded"), "\(result.output)")
    }
}
