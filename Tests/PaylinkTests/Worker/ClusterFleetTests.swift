import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Issue 16's Redis Cluster acceptance run: three masters, a queue of 6 shards pushed as one batch
/// by `paylink enqueue --shards 6`, 20,000 orders and three `paylink worker --shards 6` processes
/// on a seed-list URL. Mid-run, one shard's slot is moved to another master by the
/// SETSLOT IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE steps (the workers meet ASK, TRYAGAIN, then
/// MOVED); another time a master is SIGKILLed and its replica promoted. Every order must end with
/// one succeeded result, every order the stand-in made a second link for must be flagged, each
/// shard's part of the batch must count exactly and complete once. The stall is printed.
///
/// Timing-sensitive and heavy (three workers, up to six servers): run in the serial "timed" group.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct ClusterFleetTests {
    enum Disruption: String, Sendable {
        case slotMigration, masterKill
    }

    static let total = 20_000
    static let shardCount = 6
    static let workerCount = 3

    @Test func everyOrderEndsOnceWhileAShardsSlotMoves() async throws {
        try await run(.slotMigration)
    }

    @Test func everyOrderEndsOnceWhenAMasterIsKilledMidRun() async throws {
        try await run(.masterKill)
    }

    private func run(_ disruption: Disruption) async throws {
        let setUpStarted = ContinuousClock.now
        let cluster = try await LocalRedisCluster.start(masters: 3, replicasPerMaster: disruption == .masterKill ? 1 : 0)
        defer { cluster.stop() }
        let queue = TestRedis.uniqueQueue("cluster-\(disruption.rawValue)")
        let fleet = try ClusterFleet(cluster: cluster, queue: queue, shardCount: Self.shardCount)
        defer { fleet.admin.shutdown() }
        let spread = try await fleet.distribution()
        let prefix = "cf"
        let batchId = "fleet-\(disruption.rawValue)"

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-fleet-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = TestOrders.valid(Self.total, prefix: prefix).map { String(decoding: $0, as: UTF8.self) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let common = ["--queue", queue, "--shards", String(Self.shardCount), "--redis-url", fleet.seedURL]
        let enqueue = try ScriptRun.paylink(["enqueue", file.path, "--batch", batchId, "--log-level", "error"] + common, environment: [:])
        #expect(try await enqueue.waitForExit(timeout: .seconds(60)) == 0, "\(enqueue.output)")
        if disruption == .masterKill { try await fleet.waitForReplicas() }

        // The shard to move: one on the master holding the most shards, to the master holding the fewest.
        let owners = try await fleet.shardMasters()
        let byLoad = (0..<cluster.masterCount).sorted { node, other in
            owners.filter { $0 == node }.count > owners.filter { $0 == other }.count
        }
        var afterRun: (@Sendable () async throws -> String)?
        let movedShard = try #require(owners.firstIndex(of: byLoad[0]))
        let movedSlot = fleet.slot(ofShard: movedShard)
        let target = cluster.nodes[byLoad.last!]
        let killed = cluster.nodes[owners[0]]  // the master of shard 0

        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let environment = ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey]
        let workers = try (0..<Self.workerCount).map { _ in
            try ScriptRun.paylink(["worker", "--api-base-url", mock.baseURL, "--log-level", "info"] + common, environment: environment)
        }
        let started = ContinuousClock.now
        let progress = Task { await FleetProgress.sample { try await fleet.finished() } }
        // The shards the disruption touches: the moved one, or the killed master's.
        let touched = disruption == .slotMigration ? [movedShard] : owners.indices.filter { cluster.nodes[owners[$0]] === killed }
        let touchedProgress = Task { await FleetProgress.sample { try await fleet.finished(shards: touched) } }
        try await poll(timeout: .seconds(60), "a third of the orders done") {
            (try? await fleet.finished()) ?? 0 >= Self.total / 3
        }
        let disruptedAt = ContinuousClock.now
        var disruptionNote = ""
        var redirections = ""
        switch disruption {
        case .slotMigration:
            let source = try await cluster.beginMigration(slot: movedSlot, to: target)
            let sourceBefore = try await fleet.stats(of: source)
            let targetBefore = try await fleet.stats(of: target)
            let keysBefore = try await cluster.withNode(source) {
                try await $0.send(RedisCommand("CLUSTER", "COUNTKEYSINSLOT", movedSlot)).int ?? -1
            }
            // The keys a hundred at a time (as redis-cli --cluster reshard does, ten by default),
            // with a pause after the first hundred: while the shard's keys are split between the
            // two nodes, the workers meet ASK, and TRYAGAIN for scripts whose keys are on both sides.
            var rounds = 0
            while true {
                let keys = try await cluster.withNode(source) {
                    try await $0.send(RedisCommand("CLUSTER", "GETKEYSINSLOT", movedSlot, 100)).array?.compactMap(\.string) ?? []
                }
                if keys.isEmpty { break }
                try await cluster.migrate(keys, from: source, to: target)
                rounds += 1
                if rounds == 1 { try await Task.sleep(for: .milliseconds(300)) }
            }
            let sourceAsk = try await fleet.stats(of: source)
            try await cluster.finishMigration(slot: movedSlot, from: source, to: target)
            let migratedIn = ContinuousClock.now - disruptedAt
            #expect(try await cluster.master(ofSlot: movedSlot) === target)
            disruptionNote =
                "shard \(movedShard) (slot \(movedSlot), \(keysBefore) keys) moved from node\(cluster.nodes.firstIndex { $0 === source }!) "
                + "to node\(cluster.nodes.firstIndex { $0 === target }!) in \(migratedIn) (\(rounds) MIGRATE calls)"
            // Only the workers run scripts, so EVALSHA's rejected calls on the source are the
            // workers' scripts redirected: ASK while the slot was migrating, MOVED once it was given away.
            let askedScripts = (sourceAsk["evalsha.rejected_calls"] ?? 0) - (sourceBefore["evalsha.rejected_calls"] ?? 0)
            redirections = "source answered ASK \((sourceAsk["ASK"] ?? 0) - (sourceBefore["ASK"] ?? 0)) times "
                + "(\(askedScripts) to worker scripts) during the migration"
            #expect(askedScripts > 0, "no worker script met ASK")
            let checkAfterRun = { @Sendable () async throws -> String in
                let sourceAfter = try await fleet.stats(of: source)
                let targetAfter = try await fleet.stats(of: target)
                let movedScripts = (sourceAfter["evalsha.rejected_calls"] ?? 0) - (sourceAsk["evalsha.rejected_calls"] ?? 0)
                #expect(movedScripts > 0, "no worker script met MOVED")
                return "; MOVED \((sourceAfter["MOVED"] ?? 0) - (sourceAsk["MOVED"] ?? 0)) times (\(movedScripts) to worker scripts) after it; "
                    + "target took ASKING \((targetAfter["asking.calls"] ?? 0) - (targetBefore["asking.calls"] ?? 0)) times "
                    + "and answered TRYAGAIN \((targetAfter["TRYAGAIN"] ?? 0) - (targetBefore["TRYAGAIN"] ?? 0)) times"
            }
            afterRun = checkAfterRun
        case .masterKill:
            killed.kill()
            let replica = try await promoteReplica(of: killed, in: cluster)
            disruptionNote = "node\(cluster.nodes.firstIndex { $0 === killed }!) (shards \(touched)) killed; \(replica) \(ContinuousClock.now - disruptedAt) after"
        }
        let disruptionDone = ContinuousClock.now
        let finishedBeforeSettling = try await fleet.finished()
        try await poll(timeout: .seconds(90), every: .milliseconds(200), "every order settled") {
            (try? await fleet.settled()) ?? false
        }
        let finishedAfter = ContinuousClock.now - started
        progress.cancel()
        touchedProgress.cancel()
        let samples = await progress.value
        let touchedSamples = await touchedProgress.value
        if let afterRun { redirections += try await afterRun() }
        let stopping = ContinuousClock.now
        for worker in workers { worker.signal(SIGTERM) }
        for worker in workers {
            #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output.suffix(3000))")
        }
        let stoppedIn = ContinuousClock.now - stopping
        // Kept for a look at what the workers logged around the disruption.
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-fleet-\(disruption.rawValue)")
        try? FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        for (index, worker) in workers.enumerated() {
            try? Data(worker.output.utf8).write(to: logs.appendingPathComponent("worker\(index).log"))
        }

        // One final result per order, read order by order.
        let (missing, flagged, statuses) = try await fleet.results(prefix: prefix, total: Self.total)
        #expect(missing.isEmpty, "\(missing.count) orders without a succeeded result: \(missing.prefix(20)); statuses \(statuses)")
        let duplicates = try await mock.duplicateOrderIds()
        let unflagged = duplicates.filter { !flagged.contains($0) }
        #expect(unflagged.isEmpty, "\(unflagged.count) orders got a second link without the flag: \(unflagged.prefix(20))")
        let links = try await mock.stat("linksCreated")
        let extraLinks = links - Self.total
        #expect(extraLinks >= 0 && (extraLinks == 0 || !duplicates.isEmpty), "links \(links) for \(Self.total) orders")
        var dead = 0
        var parts: [BatchStatus] = []
        for shard in fleet.queues {
            dead += try await shard.status().dead
            if let part = try await shard.batch(batchId) { parts.append(part) }
        }
        #expect(dead == 0)
        let batch = try #require(BatchStatus.combined(parts), "no shard has batch \(batchId)")
        #expect(parts.count == Self.shardCount)
        #expect(batch.total == Self.total && batch.succeeded == Self.total && batch.failed == 0 && batch.unknown == 0, "\(batch)")
        #expect(parts.allSatisfy { $0.finishedAt != nil }, "\(parts)")
        let completions = try await fleet.batchCompletedEvents(batchId)
        #expect(completions == Array(repeating: 1, count: Self.shardCount), "batch-completed events per shard: \(completions)")

        // The workers followed every redirection by themselves: none surfaced as a failed command.
        // One exception, retried and checked by the counts above: the moved shard's new master
        // has another run_id, which its restart watch takes for a possible loss, and the links it
        // then stores again (one acknowledgement over many keys) can meet TRYAGAIN while the slot
        // is half-moved. Telling a migration from a failover there is left to do (issue 16).
        let surfaced = workers.flatMap { worker in
            worker.output.split(separator: "\n").filter { line in
                ["MOVED", "ASK ", "TRYAGAIN", "CLUSTERDOWN", "command_failed"].contains { line.contains($0) }
                    && !line.contains("store again the recent links")
            }
        }
        #expect(surfaced.isEmpty, "redirections surfaced in the workers' logs: \(surfaced.prefix(5))")
        // Each shard's restart watch reads the run_id of the shard's own master
        // (QueueScripts.serverInfo). Before, a keyless INFO went to any master, and every worker
        // "saw" a restart every few polls. The moved shard's master changes once, which its
        // watch takes for a possible loss: one harmless store of the recent links, no more.
        let rollbacks = workers.map { $0.output.components(separatedBy: "may have lost writes").count - 1 }
        if disruption == .slotMigration {
            #expect(rollbacks.allSatisfy { $0 <= 1 }, "rollback recoveries beyond the moved shard's one: \(rollbacks)")
        }
        // Orders whose claim ran but whose reply was lost with the connection wait out their
        // lease (30 s) before another claim takes them: the run's tail, not a stall of the fleet.
        let leaseReturns = workers.map { worker in
            worker.output.split(separator: "\n").filter { $0.contains("with expired leases to the queue") }.reduce(0) { total, line in
                total + (line.split(separator: " ").firstIndex(of: "Returned").flatMap { Int(line.split(separator: " ")[$0 + 1]) } ?? 0)
            }
        }
        let mapChanges = workers.map { $0.output.components(separatedBy: "Redis Cluster map changed").count - 1 }
        if disruption == .slotMigration {
            // The moved shard went on being served from its new master.
            let onTarget = try await cluster.withNode(target) {
                try await $0.send(RedisCommand("ZCARD", fleet.shards.shards[movedShard].finished)).int ?? 0
            }
            #expect(onTarget > 0)
            disruptionNote += "; \(onTarget) results of that shard on its new master at the end"
        }
        let stall = FleetProgress.longestStall(samples, after: disruptedAt - .seconds(1))
        let touchedStall = FleetProgress.longestStall(touchedSamples, after: disruptedAt - .seconds(1))
        let spreadAfter = try await fleet.distribution(avoiding: disruption == .masterKill ? killed : nil)
        print(
            """
            cluster-fleet[\(disruption.rawValue)]: \(Self.total) orders, \(Self.workerCount) workers, \(Self.shardCount) shards \
            (before: \(spread); after: \(spreadAfter)); done in \(finishedAfter); \(disruptionNote); \
            \(finishedBeforeSettling) results when the disruption ended (\(disruptionDone - disruptedAt) after it began); \
            longest stall after it \(stall) (of the shards it touched \(touchedStall)); \(redirections.isEmpty ? "" : redirections + "; ")links \(links), orders with a second link \(duplicates.count), flagged \(flagged.count); \
            map refreshes logged by each worker \(mapChanges); rollback recoveries logged by each worker \(rollbacks); orders back by lease expiry per worker \(leaseReturns); set-up \(started - setUpStarted), workers stopped in \(stoppedIn); logs in \(logs.path)
            """)
    }

    /// Waits for `killed`'s replica to be promoted by the cluster (1 s `cluster-node-timeout`);
    /// after 10 s, forces it with `CLUSTER FAILOVER TAKEOVER`.
    /// - Returns: how it was promoted, for the report.
    private func promoteReplica(of killed: LocalRedisServer, in cluster: LocalRedisCluster) async throws -> String {
        var replica: LocalRedisServer?
        for node in cluster.nodes where node !== killed {
            let info = try? await cluster.withNode(node) { try await $0.send(RedisCommand("INFO", "replication")).string }
            if let info, ClusterFleet.field("master_port", in: info) == String(killed.port) { replica = node }
        }
        let promoted = try #require(replica, "no replica of the killed master")
        let deadline = ContinuousClock.now + .seconds(10)
        var how = "replica promoted by the cluster"
        while true {
            let role = try? await cluster.withNode(promoted) { try await $0.send(RedisCommand("ROLE")).array?.first?.string }
            if role == "master" { break }
            if ContinuousClock.now > deadline, how.hasSuffix("cluster") {
                _ = try await cluster.withNode(promoted) { try await $0.send(RedisCommand("CLUSTER", "FAILOVER", "TAKEOVER")) }
                how = "replica promoted by CLUSTER FAILOVER TAKEOVER"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await cluster.waitUntilHealthy(skipping: [killed])
        return how
    }
}
