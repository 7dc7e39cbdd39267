public import Foundation
public import Logging
public import PaylinkRedis
public import PaylinkServer

/// A Redis Cluster on loopback for tests and benchmarks: `masters` masters, each with
/// `replicasPerMaster` replicas, formed with `redis-cli --cluster create` and ready
/// (`cluster_state:ok` on every node) when ``start(masters:replicasPerMaster:)`` returns.
///
/// Nodes use a 1 s `cluster-node-timeout`, so a killed master's replica is promoted within a
/// few seconds. Every node listens on 127.0.0.1 only; ports stay below 55535 because each node
/// also binds its cluster bus on port + 10000.
public final class LocalRedisCluster: Sendable {
    /// Every node, masters first in the order the cluster was created.
    public let nodes: [LocalRedisServer]
    public let masterCount: Int

    private init(nodes: [LocalRedisServer], masterCount: Int) {
        self.nodes = nodes
        self.masterCount = masterCount
    }

    /// A `redis://` URL naming the first node (a client finds the others itself).
    public var url: RedisURL { nodes[0].url }

    /// The addresses of every node, for seed lists.
    public var addresses: [RedisNodeAddress] { nodes.map { RedisNodeAddress(host: "127.0.0.1", port: $0.port) } }

    public static func start(masters: Int = 3, replicasPerMaster: Int = 1) async throws -> LocalRedisCluster {
        var nodes: [LocalRedisServer] = []
        for _ in 0..<(masters * (1 + replicasPerMaster)) { nodes.append(try await startNode()) }
        let cluster = LocalRedisCluster(nodes: nodes, masterCount: masters)
        do {
            try await cluster.create(replicasPerMaster: replicasPerMaster)
            try await cluster.waitUntilHealthy()
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    /// Stops every node (SIGTERM).
    public func stop() {
        for node in nodes { node.stop() }
    }

    /// A client of one node alone (no cluster routing): for `CLUSTER SETSLOT`, `MIGRATE`,
    /// `CLUSTER FAILOVER` and `CLUSTER INFO` on that node.
    public func nodeClient(_ node: LocalRedisServer, name: String = "node") -> RedisClient {
        var configuration = RedisConfiguration(
            url: node.url, connectTimeout: .seconds(1), commandTimeout: .seconds(5),
            reconnectBackoffBase: .milliseconds(10), reconnectBackoffCap: .milliseconds(100), name: name)
        configuration.topology = .singleNode
        return RedisClient(configuration: configuration, logger: Self.quietLogger)
    }

    /// Runs `body` with a client of `node` alone, then shuts the client down.
    public func withNode<T>(_ node: LocalRedisServer, _ body: (RedisClient) async throws -> T) async throws -> T {
        let client = nodeClient(node)
        defer { client.shutdown() }
        return try await body(client)
    }

    /// The node whose port is `port`.
    public func node(port: Int) -> LocalRedisServer? { nodes.first { $0.port == port } }

    /// The node serving `slot` now, as the first reachable node sees it (`CLUSTER SHARDS`).
    public func master(ofSlot slot: Int) async throws -> LocalRedisServer {
        for node in nodes {
            guard let reply = try? await withNode(node, { try await $0.send(RedisCommand("CLUSTER", "SLOTS")) }),
                let entries = reply.array
            else { continue }
            for entry in entries {
                guard let parts = entry.array, parts.count >= 3, let start = parts[0].int, let end = parts[1].int,
                    (start...end).contains(Int64(slot)), let port = parts[2].array?[1].int, let server = self.node(port: Int(port))
                else { continue }
                return server
            }
        }
        throw LocalServerError("no node serves slot \(slot)")
    }

    /// A node's cluster id (`CLUSTER MYID`).
    public func id(of node: LocalRedisServer) async throws -> String {
        try await withNode(node) { try await $0.send(RedisCommand("CLUSTER", "MYID")).string ?? "" }
    }

    /// Waits until every running node reports `cluster_state:ok` with all 16384 slots served
    /// and every replica has finished its first sync (`master_link_status:up`), so a replica can
    /// take over from a master killed right afterwards (bounded: `timeout`).
    public func waitUntilHealthy(skipping skipped: [LocalRedisServer] = [], timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var healthy = true
            for node in nodes where !skipped.contains(where: { $0 === node }) {
                let info = (try? await withNode(node) { try await $0.send(RedisCommand("CLUSTER", "INFO")).string }) ?? nil
                if !(info?.contains("cluster_state:ok") ?? false) || !(info?.contains("cluster_slots_ok:16384") ?? false) {
                    healthy = false
                    break
                }
                let replication = (try? await withNode(node) { try await $0.send(RedisCommand("INFO", "replication")).string }) ?? nil
                if replication?.contains("role:slave") ?? true, !(replication?.contains("master_link_status:up") ?? false) {
                    healthy = false
                    break
                }
            }
            if healthy { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LocalServerError("the cluster did not reach cluster_state:ok within \(timeout)")
    }

    private func create(replicasPerMaster: Int) async throws {
        let arguments = ["--cluster", "create"] + nodes.map { "127.0.0.1:\($0.port)" }
            + ["--cluster-replicas", String(replicasPerMaster), "--cluster-yes"]
        let log = nodes[0].directory.appendingPathComponent("cluster-create.log").path
        let process = try ChildProcess(path: try Self.executable("redis-cli"), arguments: arguments, outputPath: log)
        let deadline = ContinuousClock.now + .seconds(60)
        while process.exitStatus() == nil {
            guard ContinuousClock.now < deadline else {
                process.terminate(with: SIGKILL)
                throw LocalServerError("redis-cli --cluster create did not finish within 60 s; see \(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard process.exitStatus() == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw LocalServerError("redis-cli --cluster create failed: \(output.suffix(2000))")
        }
    }

    private static func startNode() async throws -> LocalRedisServer {
        var lastError: any Error = LocalServerError("no attempt made")
        for _ in 0..<10 {
            var port = try LocalPorts.free()
            while port > 55_000 { port = try LocalPorts.free() }
            do {
                return try await LocalRedisServer.start(
                    port: port,
                    extraArguments: [
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
                        // A replica may take over however long it was cut off from its master.
                        "--cluster-replica-validity-factor", "0",
                    ])
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func executable(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LocalServerError("\(name) not found on PATH; install it (Debian: apt-get install redis-tools)")
    }

    private static let quietLogger = Logger(label: "LocalRedisCluster", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// Moving a slot by hand, step by step, as `redis-cli --cluster reshard` does, so a test can
/// stop half-way (ASK) or finish (MOVED).
extension LocalRedisCluster {
    /// Marks `slot` as migrating from its master to `target` (IMPORTING on the target first).
    /// - Returns: the slot's current master.
    @discardableResult
    public func beginMigration(slot: Int, to target: LocalRedisServer) async throws -> LocalRedisServer {
        let source = try await master(ofSlot: slot)
        let sourceId = try await id(of: source)
        let targetId = try await id(of: target)
        try await withNode(target) { _ = try await $0.checkedPipeline([RedisCommand("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId)]) }
        try await withNode(source) { _ = try await $0.checkedPipeline([RedisCommand("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId)]) }
        return source
    }

    /// Moves `keys` (which must hash to one slot) from `source` to `target` with `MIGRATE`.
    public func migrate(_ keys: [String], from source: LocalRedisServer, to target: LocalRedisServer) async throws {
        try await withNode(source) { client in
            _ = try await client.checkedPipeline([
                RedisCommand("MIGRATE", arguments: ["127.0.0.1", target.port, "", 0, 5000, "KEYS"] + keys)
            ])
        }
    }

    /// Moves every key left in `slot` on `source` to `target`, then gives the slot to `target`
    /// on every master (the target first, as the specification asks).
    public func finishMigration(slot: Int, from source: LocalRedisServer, to target: LocalRedisServer) async throws {
        while true {
            let keys = try await withNode(source) { try await $0.send(RedisCommand("CLUSTER", "GETKEYSINSLOT", slot, 100)) }
            let names = keys.array?.compactMap(\.string) ?? []
            if names.isEmpty { break }
            try await migrate(names, from: source, to: target)
        }
        let targetId = try await id(of: target)
        var masters: [LocalRedisServer] = [target]
        for node in nodes where node !== target {
            let role = try? await withNode(node) { try await $0.send(RedisCommand("ROLE")) }
            if role?.array?.first?.string == "master" { masters.append(node) }
        }
        for node in masters {
            try await withNode(node) { _ = try await $0.checkedPipeline([RedisCommand("CLUSTER", "SETSLOT", slot, "NODE", targetId)]) }
        }
    }
}
