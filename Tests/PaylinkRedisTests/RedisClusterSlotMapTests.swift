@testable import PaylinkRedis
import Testing

struct RedisClusterSlotMapTests {
    private let asked = RedisNodeAddress(host: "10.0.0.9", port: 7000)

    private func bulk(_ text: String) -> RedisValue { .bulk(Array(text.utf8)) }

    /// One node of a `CLUSTER SHARDS` reply, as Redis 7.0 writes it.
    private func shardNode(
        endpoint: String = "127.0.0.1", ip: String = "127.0.0.1", port: Int64, tlsPort: Int64? = nil, role: String,
        health: String = "online"
    ) -> RedisValue {
        var fields: [RedisValue] = [
            bulk("id"), bulk("id-\(port)"), bulk("port"), .integer(port), bulk("ip"), bulk(ip), bulk("endpoint"),
            bulk(endpoint), bulk("role"), bulk(role), bulk("replication-offset"), .integer(72156), bulk("health"),
            bulk(health),
        ]
        if let tlsPort { fields += [bulk("tls-port"), .integer(tlsPort)] }
        return .array(fields)
    }

    private func shard(_ slots: [Int64], _ nodes: [RedisValue]) -> RedisValue {
        .array([bulk("slots"), .array(slots.map { .integer($0) }), bulk("nodes"), .array(nodes)])
    }

    private var threeShards: RedisValue {
        .array([
            shard([0, 5460], [shardNode(port: 7000, role: "master"), shardNode(port: 7003, role: "replica")]),
            shard([5461, 10922], [shardNode(port: 7004, role: "replica"), shardNode(port: 7001, role: "master")]),
            shard([10923, 16000, 16001, 16383], [shardNode(port: 7002, role: "master")]),
        ])
    }

    @Test func readsClusterShards() throws {
        let map = try RedisClusterSlotMap.parse(shards: threeShards, askedNode: asked, usesTLS: false)
        let node = { (port: Int) in RedisNodeAddress(host: "127.0.0.1", port: port) }
        #expect(map.masters == [node(7000), node(7001), node(7002)])
        #expect(map.owner(ofSlot: 0) == node(7000))
        #expect(map.owner(ofSlot: 5460) == node(7000))
        #expect(map.owner(ofSlot: 5461) == node(7001))
        #expect(map.owner(ofSlot: 16001) == node(7002))
        #expect(map.owner(ofSlot: 16383) == node(7002))
        #expect(map.assignedSlotCount == 16384)
        #expect(Set(map.knownNodes) == Set([7000, 7001, 7002, 7003, 7004].map(node)))
    }

    @Test func aShardWithoutMasterLeavesItsSlotsUnassigned() throws {
        let reply = RedisValue.array([
            shard([0, 99], [shardNode(port: 7000, role: "master")]),
            shard([100, 199], [shardNode(port: 7003, role: "replica", health: "online")]),
        ])
        let map = try RedisClusterSlotMap.parse(shards: reply, askedNode: asked, usesTLS: false)
        #expect(map.owner(ofSlot: 150) == nil)
        #expect(map.owner(ofSlot: 200) == nil)
        #expect(map.assignedSlotCount == 100)
        #expect(map.knownNodes.contains(RedisNodeAddress(host: "127.0.0.1", port: 7003)))
    }

    @Test func anOnlineMasterWinsOverAFailedOne() throws {
        let reply = RedisValue.array([
            shard([0, 16383], [shardNode(port: 7000, role: "master", health: "failed"), shardNode(port: 7003, role: "master")])
        ])
        let map = try RedisClusterSlotMap.parse(shards: reply, askedNode: asked, usesTLS: false)
        #expect(map.owner(ofSlot: 42) == RedisNodeAddress(host: "127.0.0.1", port: 7003))
    }

    @Test func unknownEndpointsFallBackToTheIpThenTheAskedNode() throws {
        let reply = RedisValue.array([
            shard([0, 10], [shardNode(endpoint: "?", ip: "10.1.1.1", port: 7000, role: "master")]),
            shard([11, 20], [shardNode(endpoint: "", ip: "", port: 7001, role: "master")]),
            shard([21, 30], [shardNode(endpoint: "redis-a.example", port: 7002, role: "master")]),
        ])
        let map = try RedisClusterSlotMap.parse(shards: reply, askedNode: asked, usesTLS: false)
        #expect(map.owner(ofSlot: 5) == RedisNodeAddress(host: "10.1.1.1", port: 7000))
        #expect(map.owner(ofSlot: 15) == RedisNodeAddress(host: "10.0.0.9", port: 7001))
        #expect(map.owner(ofSlot: 25) == RedisNodeAddress(host: "redis-a.example", port: 7002))
    }

    @Test func tlsUsesTheTlsPort() throws {
        let reply = RedisValue.array([shard([0, 16383], [shardNode(port: 7000, tlsPort: 17000, role: "master")])])
        let plain = try RedisClusterSlotMap.parse(shards: reply, askedNode: asked, usesTLS: false)
        let tls = try RedisClusterSlotMap.parse(shards: reply, askedNode: asked, usesTLS: true)
        #expect(plain.owner(ofSlot: 1)?.port == 7000)
        #expect(tls.owner(ofSlot: 1)?.port == 17000)
    }

    @Test func rejectsNumbersOutOfRangeInClusterShards() {
        let bad: [(String, RedisValue)] = [
            ("slot range 0-16384", .array([shard([0, 16384], [shardNode(port: 7000, role: "master")])])),
            ("slot range -1-5", .array([shard([-1, 5], [shardNode(port: 7000, role: "master")])])),
            ("slot range 9-3", .array([shard([9, 3], [shardNode(port: 7000, role: "master")])])),
            ("port 0", .array([shard([0, 5], [shardNode(port: 0, role: "master")])])),
            ("port 70000", .array([shard([0, 5], [shardNode(port: 70000, role: "master")])])),
            ("start/end pairs", .array([shard([0], [shardNode(port: 7000, role: "master")])])),
            (
                "listed twice",
                .array([
                    shard([0, 10], [shardNode(port: 7000, role: "master")]),
                    shard([10, 20], [shardNode(port: 7001, role: "master")]),
                ])
            ),
            ("not an array", bulk("nope")),
            ("name/value pairs", .array([.array([bulk("slots")])])),
        ]
        for (problem, reply) in bad {
            #expect {
                _ = try RedisClusterSlotMap.parse(shards: reply, askedNode: asked, usesTLS: false)
            } throws: { error in
                guard let error = error as? RedisError else { return false }
                return error.code == .protocolError && error.message.contains(problem)
            }
        }
    }

    /// One `CLUSTER SLOTS` entry: start, end, master, replicas.
    private func slotsEntry(_ start: Int64, _ end: Int64, _ nodes: [(RedisValue, Int64)]) -> RedisValue {
        .array([.integer(start), .integer(end)] + nodes.map { .array([$0.0, .integer($0.1), bulk("id")]) })
    }

    @Test func readsClusterSlots() throws {
        let reply = RedisValue.array([
            slotsEntry(0, 8191, [(bulk("127.0.0.1"), 7000), (bulk("127.0.0.1"), 7003)]),
            slotsEntry(8192, 16383, [(bulk(""), 7001)]),
        ])
        let map = try RedisClusterSlotMap.parse(slots: reply, askedNode: asked)
        #expect(map.owner(ofSlot: 8191) == RedisNodeAddress(host: "127.0.0.1", port: 7000))
        // An empty host is the node that answered.
        #expect(map.owner(ofSlot: 8192) == RedisNodeAddress(host: "10.0.0.9", port: 7001))
        #expect(map.knownNodes.contains(RedisNodeAddress(host: "127.0.0.1", port: 7003)))
        let unknown = RedisValue.array([slotsEntry(0, 16383, [(bulk("?"), 7001)]), ])
        #expect(try RedisClusterSlotMap.parse(slots: unknown, askedNode: asked).owner(ofSlot: 0)?.host == "10.0.0.9")
        let null = RedisValue.array([slotsEntry(0, 16383, [(.null, 7001)])])
        #expect(try RedisClusterSlotMap.parse(slots: null, askedNode: asked).owner(ofSlot: 0)?.host == "10.0.0.9")
    }

    @Test func rejectsNumbersOutOfRangeInClusterSlots() {
        let bad: [RedisValue] = [
            .array([slotsEntry(0, 16384, [(bulk("h"), 7000)])]),
            .array([slotsEntry(0, 1, [(bulk("h"), 0)])]),
            .array([slotsEntry(0, 1, [(bulk("h"), 65536)])]),
            .array([slotsEntry(5, 1, [(bulk("h"), 7000)])]),
            .array([.array([.integer(0), .integer(1)])]),
            .array([slotsEntry(0, 10, [(bulk("h"), 7000)]), slotsEntry(5, 20, [(bulk("h"), 7001)])]),
        ]
        for reply in bad {
            #expect(throws: RedisError.self) { _ = try RedisClusterSlotMap.parse(slots: reply, askedNode: asked) }
        }
    }
}
