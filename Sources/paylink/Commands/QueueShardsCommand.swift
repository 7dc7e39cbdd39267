import ArgumentParser
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink queue shards <queue> [--change N]`: shows the queue's shard layout (shard → tag →
/// slot → node) and changes it.
struct QueueShardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shards",
        abstract: "Show a queue's shards (tag, Redis Cluster slot, node) and earlier layouts; --change N changes the layout.",
        discussion: """
            A change pauses the current shards (workers of the old layout take nothing more from them), then records N \
            shards whose tags spread over the cluster's masters. Restart every worker and producer with --shards N: workers \
            forward the old shards' orders and check each order's result in its old shard before calling, so an order \
            pushed before and after the change gets one link. Also moves a queue sharded before layouts were recorded \
            (tags <queue>:<i>) to spread tags at the same N.
            """)

    @Argument(help: "The queue's name.") var name: String
    @Option(help: "Change the layout to this many shards (1-1024), with spread tags. With no layout recorded yet, --shards says how many the queue had.") var change: Int?
    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        if let flag = redis.queue, flag != name {
            throw ValidationError("invalid --queue: \"\(flag)\" differs from the queue argument \"\(name)\"; give one")
        }
        if let change, !(1...QueueShards.maxCount).contains(change) {
            throw ValidationError("invalid --change: must be 1-\(QueueShards.maxCount), not \(change)")
        }
        let logger = try logging.makeLogger(label: "paylink.cli")
        let client = try redis.client(logger: logger)
        defer { client.shutdown() }
        let store: ShardLayoutStore
        do {
            store = try ShardLayoutStore(queue: name, redis: client)
        } catch {
            throw ValidationError("invalid queue: \(error.reason)")
        }
        let layout: ShardLayout
        if let change {
            do {
                let outcome = try await store.change(to: change, recordedCount: try redis.shardCount(), by: QueueCommand.operatorName())
                layout = outcome.layout
                print(outcome.changed ? "changed \(name) to \(layout.count) shards (layout \(layout.generation)); restart workers and producers with --shards \(layout.count)" : "\(name) already has these \(layout.count) shards; nothing changed")
            } catch let error as ConfigurationError {
                throw ValidationError(error.description)
            }
        } else if let recorded = try await store.read() {
            layout = recorded
        } else {
            print("\(name): no shard layout recorded yet (the first worker or `paylink enqueue` records its --shards)")
            return
        }
        try await Self.show(layout, client: client)
    }

    static func show(_ layout: ShardLayout, client: RedisClient) async throws {
        let nodes = try await slotOwners(client)
        print("\(layout.queue): \(layout.count) shard\(layout.count == 1 ? "" : "s"), layout \(layout.generation)")
        print("shard  slot   node                   tag")
        for (index, tag) in layout.tags.enumerated() {
            let slot = RedisKeySlot.slot(of: tag)
            let node = nodes.first { $0.range.contains(slot) }?.node ?? "-"
            print("\(pad(String(index), 5))  \(pad(String(slot), 5))  \(pad(node, 21))  \(tag)")
        }
        for (age, tags) in layout.previous.enumerated() {
            print("earlier layout \(layout.generation - age - 1): \(tags.joined(separator: " ")) (paused; checked before calls, orders forwarded)")
        }
    }

    /// The master of each slot range (`CLUSTER SLOTS`); empty on a single server.
    private static func slotOwners(_ client: RedisClient) async throws -> [(range: ClosedRange<Int>, node: String)] {
        guard let entries = try await client.send(RedisCommand("CLUSTER", "SLOTS")).array else { return [] }
        var owners: [(range: ClosedRange<Int>, node: String)] = []
        for entry in entries {
            guard let parts = entry.array, parts.count >= 3, let start = parts[0].int, let end = parts[1].int, start <= end,
                (0..<Int64(RedisKeySlot.count)).contains(start), (0..<Int64(RedisKeySlot.count)).contains(end),
                let master = parts[2].array, master.count >= 2, let host = master[0].string, let port = master[1].int
            else { continue }
            owners.append((Int(start)...Int(end), "\(host):\(port)"))
        }
        return owners
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
