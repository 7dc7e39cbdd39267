import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// Which heartbeat entries count as live: the score and the hash must both be fresh.
@Suite(.timeLimit(.minutes(1)))
struct LiveWorkerTests {
    @Test func anEntryOlderThanItsExpiryIsNotListedEvenWithItsHash() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let fresh = "test-host:1:\(UUID().uuidString.prefix(8))"
        let stale = "test-host:2:\(UUID().uuidString.prefix(8))"
        let orphan = "test-host:3:\(UUID().uuidString.prefix(8))"
        defer {
            Task {
                _ = try? await redis.send(RedisCommand("ZREM", HeartbeatKeys.workers, fresh, stale, orphan))
                _ = try? await redis.send(RedisCommand("DEL", HeartbeatKeys.worker(fresh), HeartbeatKeys.worker(stale)))
            }
        }
        let now = try #require(try await RedisClock.read(redis)).now
        typealias Field = HeartbeatKeys.Field
        _ = try await redis.checkedPipeline([
            RedisCommand("ZADD", HeartbeatKeys.workers, now, fresh, now - 20_000, stale, now, orphan),
            RedisCommand(
                "HSET", HeartbeatKeys.worker(fresh), Field.host, "test-host", Field.pid, 1, Field.queues, #"["a,b","c"]"#,
                Field.concurrency, 8, Field.inflight, 2, Field.ordersDone, 7, Field.lastBeat, now, Field.expiryMs, 15_000,
                Field.version, "test", Field.startedAt, now),
            // No PEXPIRE: a hash that outlived its process (the beat's PEXPIRE never ran).
            RedisCommand("HSET", HeartbeatKeys.worker(stale), Field.host, "test-host", Field.pid, 2, Field.expiryMs, 15_000),
        ])
        let listed = try await LiveWorker.all(redis).workers.filter { $0.host == "test-host" && [fresh, stale, orphan].contains($0.workerId) }
        #expect(listed.map(\.workerId) == [fresh], "the stale score and the missing hash are both left out")
        let worker = try #require(listed.first)
        #expect(worker.queues == ["a,b", "c"] && worker.concurrency == 8 && worker.inflight == 2 && worker.ordersDone == 7)
        #expect(worker.lastBeat == now && worker.expiryMs == 15_000)
    }
}
