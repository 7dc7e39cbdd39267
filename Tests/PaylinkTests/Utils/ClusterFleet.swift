import Foundation
import Logging
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// A sharded queue on a ``LocalRedisCluster``, read the way the cluster fleet test checks it:
/// per shard (each shard's keys share one slot, so one master) and order by order.
struct ClusterFleet {
    let cluster: LocalRedisCluster
    let shards: QueueShards
    let admin: RedisClient
    /// `redis://<master1>,<master2>,<master3>/0`: the seed list every process gets.
    let seedURL: String

    init(cluster: LocalRedisCluster, queue: String, shardCount: Int) throws {
        self.cluster = cluster
        // The tags `paylink enqueue` records for a new queue (ShardLayoutStore).
        shards = try QueueShards(queue: queue, tags: ShardTags.spread(queue: queue, count: shardCount))
        let masters = cluster.nodes.prefix(cluster.masterCount).map { "127.0.0.1:\($0.port)" }
        seedURL = "redis://" + masters.joined(separator: ",") + "/0"
        var logger = Logger(label: "test.cluster-fleet")
        logger.logLevel = .critical
        admin = RedisClient(
            configuration: RedisConfiguration(
                url: try RedisURL(seedURL), connectTimeout: .milliseconds(500), commandTimeout: .seconds(10),
                reconnectBackoffBase: .milliseconds(20), reconnectBackoffCap: .milliseconds(200), name: "test-admin"),
            logger: logger)
    }

    var queues: [OrderQueue] { shards.shards.map { OrderQueue(keys: $0, redis: admin) } }

    /// The slot of shard `index` (its hash tag).
    func slot(ofShard index: Int) -> Int { RedisKeySlot.slot(of: shards.shards[index].pending) }

    /// Which master serves each shard now, as indexes into `cluster.nodes`, from one
    /// `CLUSTER SLOTS` of a node other than `dead` (a killed node would cost a timeout per ask).
    func shardMasters(avoiding dead: LocalRedisServer? = nil) async throws -> [Int] {
        let asked = try #require(cluster.nodes.first { $0 !== dead })
        let entries = try await cluster.withNode(asked) { try await $0.send(RedisCommand("CLUSTER", "SLOTS")).array ?? [] }
        return shards.shards.indices.map { index in
            let slot = Int64(slot(ofShard: index))
            for entry in entries {
                guard let parts = entry.array, parts.count >= 3, let start = parts[0].int, let end = parts[1].int,
                    (start...end).contains(slot), let port = parts[2].array?[1].int
                else { continue }
                return cluster.nodes.firstIndex { $0.port == Int(port) } ?? -1
            }
            return -1
        }
    }

    /// Shards per master, e.g. "node0: 0,3 | node1: 1,2,5 | node2: 4" (a promoted replica, node3
    /// and up, is listed when it holds shards).
    func distribution(avoiding dead: LocalRedisServer? = nil) async throws -> String {
        let owners = try await shardMasters(avoiding: dead)
        return cluster.nodes.indices.compactMap { node in
            let held = owners.indices.filter { owners[$0] == node }.map(String.init)
            if held.isEmpty && node >= cluster.masterCount { return nil }
            return "node\(node): " + (held.isEmpty ? "none" : held.joined(separator: ","))
        }.joined(separator: " | ")
    }

    /// Results in a final status on the given shards.
    func finished(shards indexes: [Int]) async throws -> Int {
        var total = 0
        for index in indexes { total += try await TestOrders.finished(queues[index]) }
        return total
    }

    /// What a node counted: `errorstat_<code>` counts (MOVED, ASK, TRYAGAIN) from `INFO errorstats`,
    /// and `<command>.calls` / `<command>.rejected_calls` from `INFO commandstats` (a cluster
    /// redirection counts as a rejected call of the redirected command).
    func stats(of node: LocalRedisServer) async throws -> [String: Int] {
        var found: [String: Int] = [:]
        let text = try await cluster.withNode(node) { client in
            try await client.checkedPipeline([RedisCommand("INFO", "errorstats"), RedisCommand("INFO", "commandstats")])
                .compactMap(\.string).joined(separator: "\n")
        }
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].replacingOccurrences(of: "errorstat_", with: "").replacingOccurrences(of: "cmdstat_", with: "")
            for pair in parts[1].split(separator: ",") {
                let item = pair.split(separator: "=")
                guard item.count == 2, let value = Int(item[1]) else { continue }
                let key = item[0] == "count" ? name : "\(name).\(item[0])"
                found[key] = value
            }
        }
        return found
    }

    /// Results in a final status, over every shard.
    func finished() async throws -> Int {
        var total = 0
        for queue in queues { total += try await TestOrders.finished(queue) }
        return total
    }

    /// Whether no shard has anything pending, in flight or waiting to be retried.
    func settled() async throws -> Bool {
        for queue in queues {
            let status = try await queue.status()
            if status.pending != 0 || status.inflight != 0 || status.retrying != 0 { return false }
        }
        return true
    }

    /// Orders `<prefix>-0..<total` without a succeeded result, and those flagged `possibleDuplicate`.
    func results(prefix: String, total: Int) async throws -> (missing: [String], flagged: Set<String>, statuses: [String: Int]) {
        var missing: [String] = []
        var flagged: Set<String> = []
        var statuses: [String: Int] = [:]
        for start in stride(from: 0, to: total, by: 500) {
            let ids = (start..<min(start + 500, total)).map { "\(prefix)-\($0)" }
            let replies = try await admin.checkedPipeline(ids.map {
                RedisCommand("HMGET", shards.keys(for: $0).result($0), ResultField.status, ResultField.possibleDuplicate)
            })
            for (id, reply) in zip(ids, replies) {
                let fields = reply.array ?? []
                let status = fields.first?.string ?? "none"
                statuses[status, default: 0] += 1
                if status != OrderStatus.succeeded.rawValue { missing.append(id) }
                if fields.count > 1, fields[1].string == "1" { flagged.insert(id) }
            }
        }
        return (missing, flagged, statuses)
    }

    /// How many `batch-completed` events for `batchId` each shard's events stream holds.
    func batchCompletedEvents(_ batchId: String) async throws -> [Int] {
        var counts: [Int] = []
        for keys in shards.shards {
            let entries = try await admin.send(RedisCommand("XRANGE", keys.events, "-", "+")).array ?? []
            var found = 0
            for entry in entries {
                let fields = entry.array?.last?.array?.compactMap(\.string) ?? []
                var values: [String: String] = [:]
                for pair in stride(from: 0, to: fields.count - 1, by: 2) { values[fields[pair]] = fields[pair + 1] }
                if values[EventField.type.rawValue] == EventType.batchCompleted.rawValue,
                    values[EventField.batchId.rawValue] == batchId
                {
                    found += 1
                }
            }
            counts.append(found)
        }
        return counts
    }

    /// Waits until every replica has every write its master has (replication offsets equal), so
    /// what a failover may lose is the fleet's own writes, not the producer's.
    func waitForReplicas(timeout: Duration = .seconds(15)) async throws {
        try await poll(timeout: timeout, "replicas caught up") {
            for node in cluster.nodes {
                guard let info = try? await cluster.withNode(node, { try await $0.send(RedisCommand("INFO", "replication")).string }),
                    info.contains("role:slave")
                else { continue }
                guard let masterPort = Self.field("master_port", in: info).flatMap(Int.init),
                    let master = cluster.node(port: masterPort),
                    let masterInfo = try? await cluster.withNode(master, { try await $0.send(RedisCommand("INFO", "replication")).string }),
                    let wanted = Self.field("master_repl_offset", in: masterInfo),
                    Self.field("slave_repl_offset", in: info) == wanted
                else { return false }
            }
            return true
        }
    }

    static func field(_ name: String, in info: String) -> String? {
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix(name + ":") {
            return String(line.dropFirst(name.count + 1))
        }
        return nil
    }
}
