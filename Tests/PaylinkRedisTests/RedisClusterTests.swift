import Foundation
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

/// The client against a real 3-master cluster (with replicas) on loopback.
struct RedisClusterTests {
    /// The slot ranges `redis-cli --cluster create` gives three masters.
    static let thirds = [0...5460, 5461...10922, 10923...16383]

    @Test func commandsReachKeysOnEveryMaster() async throws {
        let cluster = try await SharedCluster.get()
        let client = makeClient(cluster.url, name: "cluster")
        defer { client.shutdown() }
        var owners: Set<Int> = []
        for slots in Self.thirds {
            let key = clusterKey(inSlots: slots)
            #expect(try await client.send(RedisCommand("SET", key, "v-\(slots.lowerBound)")) == .status("OK"))
            #expect(try await client.send(RedisCommand("GET", key)) == .bulk(Array("v-\(slots.lowerBound)".utf8)))
            // The key really is on the slot's master: asked alone, that node has it.
            let owner = try await cluster.master(ofSlot: RedisKeySlot.slot(of: key))
            owners.insert(owner.port)
            let stored = try await cluster.withNode(owner) { try await $0.send(RedisCommand("GET", key)) }
            #expect(stored == .bulk(Array("v-\(slots.lowerBound)".utf8)))
        }
        #expect(owners.count == 3)
        #expect(client.topology.mode == .cluster)
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        // Keys that share a hash tag may go together; others are refused before sending.
        let key = clusterKey(inSlots: 0...16383)
        #expect(try await client.send(RedisCommand("DEL", key, "\(hashTag(of: key)):other")) == .integer(0))
        let error = await redisError { () async throws(RedisError) in
            try await client.send(RedisCommand("DEL", clusterKey(inSlots: 0...5460), clusterKey(inSlots: 5461...16383)))
        }
        #expect(error?.code == .commandFailed)
        #expect(error?.message.hasPrefix("CROSSSLOT") == true)
    }

    @Test func aPipelineSpanningNodesKeepsOrderAndPerPositionErrors() async throws {
        let cluster = try await SharedCluster.get()
        let client = makeClient(cluster.url, name: "cluster")
        defer { client.shutdown() }
        let keys = Self.thirds.map { clusterKey(inSlots: $0) }
        var commands: [RedisCommand] = []
        for round in 0..<20 {
            for key in keys { commands.append(RedisCommand("RPUSH", key, "\(round)")) }
        }
        commands.append(RedisCommand("INCR", keys[1]))  // WRONGTYPE on the second master
        commands.append(RedisCommand("PING"))
        for key in keys { commands.append(RedisCommand("LRANGE", key, 0, -1)) }
        let replies = try await client.pipeline(commands)
        #expect(replies.count == commands.count)
        for round in 0..<20 {
            for index in keys.indices { #expect(replies[round * 3 + index] == .integer(Int64(round + 1))) }
        }
        guard case .error(let message) = replies[60] else {
            Issue.record("expected WRONGTYPE, got \(replies[60])")
            return
        }
        #expect(message.hasPrefix("WRONGTYPE"))
        #expect(replies[61] == .status("PONG"))
        let expected = RedisValue.array((0..<20).map { .bulk(Array("\($0)".utf8)) })
        #expect(Array(replies[62...]) == [expected, expected, expected])
        let error = await redisError { () async throws(RedisError) in
            try await client.checkedPipeline([
                RedisCommand("SET", clusterKey(inSlots: 0...5460), "x"), RedisCommand("INCR", keys[2]),
                RedisCommand("SET", clusterKey(inSlots: 5461...10922), "y"), RedisCommand("INCR", keys[0]),
            ])
        }
        #expect(error?.code == .commandFailed)
        #expect(error?.command == "INCR")
        #expect(error?.refusedCommands == [1, 3])
    }

    @Test func aScriptRunsOnItsKeysMasterAndIsLoadedThereWhenMissing() async throws {
        let cluster = try await SharedCluster.get()
        let client = makeClient(cluster.url, name: "cluster")
        defer { client.shutdown() }
        let script = RedisScript("-- \(UUID().uuidString)\nreturn redis.call('INCRBY', KEYS[1], ARGV[1]) + #KEYS")
        for slots in Self.thirds {
            let key = clusterKey(inSlots: slots)
            let owner = try await cluster.master(ofSlot: RedisKeySlot.slot(of: key))
            let exists = { () async throws -> RedisValue in
                try await cluster.withNode(owner) { try await $0.send(RedisCommand("SCRIPT", "EXISTS", script.sha1)) }
            }
            #expect(try await exists() == .array([.integer(0)]))
            let reply = try await client.run(script, keys: [key, "\(hashTag(of: key)):second"], arguments: [5])
            #expect(reply == .integer(5 + 2))
            #expect(try await exists() == .array([.integer(1)]))
            #expect(try await client.run(script, keys: [key], arguments: [1]) == .integer(6 + 1))
        }
        let error = await redisError { () async throws(RedisError) in
            try await client.run(script, keys: [clusterKey(inSlots: 0...5460), clusterKey(inSlots: 5461...16383)], arguments: [1])
        }
        #expect(error?.message.hasPrefix("CROSSSLOT") == true)
    }

    @Test func aBlockingMoveWaitsOnItsKeysMaster() async throws {
        let cluster = try await SharedCluster.get()
        let client = makeClient(cluster.url, name: "cluster-blocking")
        let producer = makeClient(cluster.url, name: "cluster")
        defer {
            client.shutdown()
            producer.shutdown()
        }
        let source = clusterKey(inSlots: 10923...16383, "src")
        let target = "\(hashTag(of: source)):processing"
        async let moved = client.send(RedisCommand("BLMOVE", source, target, "RIGHT", "LEFT", 5), blockingFor: .seconds(5))
        try await Task.sleep(for: .milliseconds(200))
        _ = try await producer.send(RedisCommand("LPUSH", source, "order-1"))
        #expect(try await moved == .bulk(Array("order-1".utf8)))
        #expect(try await producer.send(RedisCommand("LRANGE", target, 0, -1)) == .array([.bulk(Array("order-1".utf8))]))
    }

    @Test func aServerWithoutClusterSupportKeepsTheSingleServerPath() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        #expect(client.topology.mode == .undetermined)
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        #expect(client.topology.mode == .single)
        #expect(client.router.map.masters.isEmpty)
    }

    @Test func aClusterRefusesADatabaseOtherThanZero() async throws {
        let cluster = try await SharedCluster.get()
        var url = cluster.url
        url.database = 2
        let client = makeClient(url, commandTimeout: .seconds(2), name: "cluster")
        defer { client.shutdown() }
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("GET", "k")) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains("only database 0") == true)
    }
}

/// Seed lists: a `redis://h1:p1,h2:p2` URL naming several cluster nodes.
struct RedisClusterSeedTests {
    @Test func aSeedListWhoseFirstNodeIsDownStillWorks() async throws {
        let cluster = try await SharedCluster.get()
        let down = try await LocalRedisServer.start()
        let downPort = down.port
        down.stop()
        let seeds = ["127.0.0.1:\(downPort)"] + cluster.addresses.prefix(2).map(\.description)
        let url = try RedisURL("redis://" + seeds.joined(separator: ","))
        let client = makeClient(url, name: "cluster")
        defer { client.shutdown() }
        let key = clusterKey(inSlots: 0...16383)
        #expect(try await client.send(RedisCommand("SET", key, "x")) == .status("OK"))
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(Array("x".utf8)))
        #expect(client.topology.mode == .cluster)
        #expect(client.router.map.assignedSlotCount == 16384)
    }

    @Test func aSeedListOfNonClusterServersIsRefusedClearly() async throws {
        let single = try await TestRedis.url()
        let url = try RedisURL("redis://\(single.host):\(single.port),\(single.host):\(single.port)")
        let client = makeClient(url, commandTimeout: .seconds(2), name: "cluster")
        defer { client.shutdown() }
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains("is not a Redis Cluster node") == true)
    }

    @Test func aSeedListThatIsAllDownFailsAsNotSentAfterTheCommandTimeout() async throws {
        let down = try await LocalRedisServer.start()
        let url = try RedisURL("redis://127.0.0.1:\(down.port),127.0.0.1:\(down.port)")
        down.stop()
        let client = makeClient(url, commandTimeout: .milliseconds(500), name: "cluster")
        defer { client.shutdown() }
        let started = ContinuousClock.now
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("GET", "k")) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.command == "GET")
        #expect(error?.mayHaveExecuted == false)
        #expect(ContinuousClock.now - started < .seconds(3))
    }
}
