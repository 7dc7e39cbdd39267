import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Shard layouts on a real 3-master Redis Cluster made by `redis-cli --cluster create`: the
/// spread tags land evenly on the masters, and a change of `--shards` keeps one link per order.
@Suite(.timeLimit(.minutes(4)))
struct ShardClusterTests {
    @Test func spreadTagsLandEvenlyOnThreeMastersForTwoToTwelveShards() async throws {
        let cluster = try await LocalRedisCluster.start(masters: 3, replicasPerMaster: 0)
        defer { cluster.stop() }
        let redis = try await TestRedis.client(cluster.url)
        defer { redis.shutdown() }
        let queue = TestRedis.uniqueQueue("spread")
        var legacyEven = 0
        for count in 2...12 {
            let tags = try ShardTags.spread(queue: queue, count: count)
            var perMaster: [Int: Int] = [:]
            for tag in tags {
                let key = try QueueKeys(queue: tag).pending
                // The server's own hash of the key is the one the tag was chosen by.
                let slot = try await redis.send(RedisCommand("CLUSTER", "KEYSLOT", key)).int
                #expect(slot == Int64(RedisKeySlot.slot(of: key)), "\(key)")
                perMaster[try await cluster.master(ofSlot: RedisKeySlot.slot(of: key)).port, default: 0] += 1
            }
            let counts = cluster.nodes.map { perMaster[$0.port] ?? 0 }
            #expect(counts.max()! - counts.min()! <= 1, "\(count) shards: \(counts) per master, tags \(tags)")
            var legacy: [Int: Int] = [:]
            for tag in ShardTags.legacy(queue: queue, count: count) {
                legacy[try await cluster.master(ofSlot: RedisKeySlot.slot(of: tag)).port, default: 0] += 1
            }
            let legacyCounts = cluster.nodes.map { legacy[$0.port] ?? 0 }
            if legacyCounts.max()! - legacyCounts.min()! <= 1 { legacyEven += 1 }
        }
        print("ShardClusterTests: legacy tags q:i were even for \(legacyEven) of 11 shard counts; spread tags for 11 of 11")
    }

    @Test func anOrderPushedBeforeAndAfterAChangeOfShardsGetsOneLink() async throws {
        let cluster = try await LocalRedisCluster.start(masters: 3, replicasPerMaster: 0)
        defer { cluster.stop() }
        let redis = try await TestRedis.client(cluster.url)
        defer { redis.shutdown() }
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let queue = TestRedis.uniqueQueue("reshard")
        let url = "redis://127.0.0.1:\(cluster.url.port)"
        let env = ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey]
        func run(_ arguments: [String], shards: Int, expect status: Int32 = 0) async throws -> String {
            let process = try ScriptRun.paylink(arguments + ["--queue", queue, "--shards", String(shards), "--redis-url", url], environment: env)
            let exit = try await process.waitForExit(timeout: .seconds(60))
            #expect(exit == status, "paylink \(arguments): \(process.output)")
            return process.output
        }
        func worker(shards: Int) throws -> ScriptRun {
            try ScriptRun.paylink(
                ["worker", "--api-base-url", mock.baseURL, "--concurrency", "16", "--queue", queue, "--shards", String(shards), "--redis-url", url],
                environment: env)
        }
        let done = try file(TestOrders.valid(120, prefix: "rs"))
        let waiting = try file(Array(TestOrders.valid(160, prefix: "rs")[120...]))
        let all = try file(TestOrders.valid(160, prefix: "rs"))
        defer { for path in [done, waiting, all] { try? FileManager.default.removeItem(atPath: path) } }
        let store = try ShardLayoutStore(queue: queue, redis: redis)

        // Before: 2 shards; 120 orders get their links, 40 more wait when the layout changes.
        _ = try await run(["enqueue", done], shards: 2)
        let before = try #require(try await store.read())
        #expect(before.count == 2 && before.previous.isEmpty)
        let first = try worker(shards: 2)
        try await poll(timeout: .seconds(60), "the first 120 orders succeeded") {
            try await succeeded(before.tags, redis) == 120
        }
        first.signal(SIGTERM)
        #expect(try await first.waitForExit(timeout: .seconds(30)) == 0, "\(first.output)")
        _ = try await run(["enqueue", waiting], shards: 2)

        // The change, and a worker still configured for the old layout refuses to start.
        let changed = try await run(["queue", "shards", queue, "--change", "3"], shards: 2)
        #expect(changed.contains("changed \(queue) to 3 shards"), "\(changed)")
        let refused = try await run(["worker", "--api-base-url", mock.baseURL], shards: 2, expect: 64)
        #expect(refused.contains("--change 2") || refused.contains("has 3 shards"), "\(refused)")
        let after = try #require(try await store.read())
        #expect(after.count == 3 && after.previous == [before.tags] && Set(after.tags).isDisjoint(with: before.tags))

        // After: every order pushed again on the new layout, one pushed by a producer still on the old one.
        _ = try await run(["enqueue", all], shards: 3)
        let stale = before.tags[QueueShards.shard(of: "rs-3", count: 2)]
        _ = try await redis.send(RedisCommand("LPUSH", try QueueKeys(queue: stale).pending, TestOrders.valid(4, prefix: "rs")[3]))
        let second = try worker(shards: 3)
        try await poll(timeout: .seconds(90), "every order has its result on the new layout and the old shards are empty") {
            let old = try await pending(before.tags, redis)
            let current = try await pending(after.tags, redis)
            return try await succeeded(after.tags, redis) == 160 && old == 0 && current == 0
        }
        second.signal(SIGTERM)
        #expect(try await second.waitForExit(timeout: .seconds(30)) == 0, "\(second.output)")

        #expect(try await mock.stat("linksCreated") == 160)
        #expect(try await mock.duplicateOrderIds().isEmpty)
        let result = try await run(["result", "rs-7"], shards: 3)
        #expect(result.contains("status: succeeded"), "\(result)")
        let copied = try await redis.send(
            RedisCommand("HGET", after.shards().keys(for: "rs-7").result("rs-7"), ResultField.earlierAttempts)).string
        #expect(copied?.contains("answered from shard") == true, "\(copied ?? "nil")")
        let shown = try await run(["queue", "shards", queue], shards: 3)
        #expect(shown.contains("earlier layout 1: \(before.tags.joined(separator: " "))"), "\(shown)")
    }

    private func file(_ elements: [[UInt8]]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reshard-\(UUID().uuidString).jsonl").path
        try (elements.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func succeeded(_ tags: [String], _ redis: RedisClient) async throws -> Int {
        var total = 0
        for tag in tags {
            total += Int(try await redis.send(RedisCommand("HGET", try QueueKeys(queue: tag).counts, OrderStatus.succeeded.rawValue)).string ?? "0") ?? 0
        }
        return total
    }

    private func pending(_ tags: [String], _ redis: RedisClient) async throws -> Int {
        var total = 0
        for tag in tags {
            let keys = try QueueKeys(queue: tag)
            total += Int(try await redis.send(RedisCommand("LLEN", keys.pending)).int ?? 0)
            total += Int(try await redis.send(RedisCommand("ZCARD", keys.inflight)).int ?? 0)
            total += Int(try await redis.send(RedisCommand("ZCARD", keys.retry)).int ?? 0)
        }
        return total
    }
}
