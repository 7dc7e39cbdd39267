import Foundation
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

/// The client while slots move between masters (a cluster of three masters of its own per test).
struct RedisClusterReshardTests {
    @Test func movedIsFollowedAndTheMapRefreshed() async throws {
        let cluster = try await LocalRedisCluster.start(masters: 3, replicasPerMaster: 0)
        defer { cluster.stop() }
        let client = makeClient(cluster.url, name: "cluster")
        defer { client.shutdown() }
        let key = clusterKey(inSlots: 0...5460)
        let slot = RedisKeySlot.slot(of: key)
        _ = try await client.send(RedisCommand("SET", key, "before"))
        let source = try await cluster.master(ofSlot: slot)
        let target = try #require(cluster.nodes.first { $0 !== source })
        #expect(client.router.map.owner(ofSlot: slot)?.port == source.port)
        try await cluster.beginMigration(slot: slot, to: target)
        try await cluster.finishMigration(slot: slot, from: source, to: target)
        // The client's map still says `source`, which now answers MOVED.
        #expect(client.router.map.owner(ofSlot: slot)?.port == source.port)
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(Array("before".utf8)))
        #expect(client.router.map.owner(ofSlot: slot)?.port == target.port)
        let replies = try await client.pipeline([RedisCommand("SET", key, "after"), RedisCommand("GET", key)])
        #expect(replies == [.status("OK"), .bulk(Array("after".utf8))])
        let stored = try await cluster.withNode(target) { try await $0.send(RedisCommand("GET", key)) }
        #expect(stored == .bulk(Array("after".utf8)))
    }

    @Test func askIsFollowedWithAskingDuringAMigration() async throws {
        let cluster = try await LocalRedisCluster.start(masters: 3, replicasPerMaster: 0)
        defer { cluster.stop() }
        let client = makeClient(cluster.url, name: "cluster")
        defer { client.shutdown() }
        let moved = clusterKey(inSlots: 5461...10922)
        let staying = "\(hashTag(of: moved)):staying"
        let created = "\(hashTag(of: moved)):created"
        let slot = RedisKeySlot.slot(of: moved)
        _ = try await client.checkedPipeline([RedisCommand("SET", moved, "m"), RedisCommand("SET", staying, "s")])
        let source = try await cluster.master(ofSlot: slot)
        let target = try #require(cluster.nodes.first { $0 !== source })
        try await cluster.beginMigration(slot: slot, to: target)
        try await cluster.migrate([moved], from: source, to: target)
        // `source` answers ASK for the moved key (and for a new one); the client asks `target`.
        let replies = try await client.pipeline([
            RedisCommand("GET", moved), RedisCommand("GET", staying), RedisCommand("SET", created, "c"),
            RedisCommand("GET", created),
        ])
        #expect(replies == [.bulk(Array("m".utf8)), .bulk(Array("s".utf8)), .status("OK"), .bulk(Array("c".utf8))])
        // ASK leaves the map alone: the slot is still the source's until the migration ends.
        #expect(client.router.map.owner(ofSlot: slot)?.port == source.port)
        let onTarget = try await cluster.withNode(target) { node in
            try await node.pipeline([RedisCommand("ASKING"), RedisCommand("GET", created)])
        }
        #expect(onTarget.last == .bulk(Array("c".utf8)))
        try await cluster.finishMigration(slot: slot, from: source, to: target)
        #expect(try await client.send(RedisCommand("GET", staying)) == .bulk(Array("s".utf8)))
        #expect(client.router.map.owner(ofSlot: slot)?.port == target.port)
    }

    @Test func tryagainIsRetriedWithinTheCommandTimeoutThenReturned() async throws {
        let cluster = try await LocalRedisCluster.start(masters: 3, replicasPerMaster: 0)
        defer { cluster.stop() }
        let client = makeClient(cluster.url, commandTimeout: .seconds(1), name: "cluster")
        defer { client.shutdown() }
        let moved = clusterKey(inSlots: 10923...16383)
        let staying = "\(hashTag(of: moved)):staying"
        let slot = RedisKeySlot.slot(of: moved)
        _ = try await client.checkedPipeline([RedisCommand("SET", moved, "m"), RedisCommand("SET", staying, "s")])
        let source = try await cluster.master(ofSlot: slot)
        let target = try #require(cluster.nodes.first { $0 !== source })
        try await cluster.beginMigration(slot: slot, to: target)
        try await cluster.migrate([moved], from: source, to: target)
        // Half of the keys moved: a command on both gets TRYAGAIN until the migration ends.
        let started = ContinuousClock.now
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("MGET", moved, staying)) }
        let waited = ContinuousClock.now - started
        #expect(error?.code == .commandFailed)
        #expect(error?.message.hasPrefix("TRYAGAIN") == true)
        #expect(waited >= .milliseconds(700) && waited < .seconds(3), "retried for about the command timeout: \(waited)")
        async let finished: Void = cluster.finishMigration(slot: slot, from: source, to: target)
        let retried = Task { try await client.send(RedisCommand("MGET", moved, staying)) }
        try await finished
        let reply = try? await retried.value
        // Either the retries outlasted the migration, or they ran out first; now it is done.
        if let reply { #expect(reply == .array([.bulk(Array("m".utf8)), .bulk(Array("s".utf8))])) }
        #expect(try await client.send(RedisCommand("MGET", moved, staying)) == .array([.bulk(Array("m".utf8)), .bulk(Array("s".utf8))]))
    }
}
