import Paylink
import Synchronization

/// Which queues the dashboard shows: those named with `--queues` (each with its `--shards`),
/// and, unless `--queues` limits it, every queue a live worker serves, as its heartbeat lists
/// them. A queue seen once stays listed until the dashboard restarts, so a queue whose workers
/// all stopped (the moment an operator most wants to see it) does not vanish.
///
/// Heartbeats name shards (`orders:0`, `orders:1`, ...): a name ending in `:<number>` is read as
/// a shard of the part before it, and the queue is taken to have as many shards as its highest
/// number seen plus one (shards are numbered from 0 and a fleet serves them all).
final class QueueDirectory: Sendable {
    /// One queue as the overview groups it.
    struct Group: Sendable, Equatable {
        /// The queue's name as producers and `--queue` know it.
        var queue: String
        var shards: QueueShards
        var isSharded: Bool { shards.shards.count > 1 }
    }

    private let configured: [QueueShards]
    private let discovers: Bool
    /// Shard names seen in heartbeats, in the order first seen.
    private let seen = Mutex<[String]>([])

    /// Most queue (shard) names remembered from heartbeats: a hash anyone with write access to
    /// Redis can fill must not grow the dashboard's memory or its overview without bound.
    static let maxDiscovered = 4096

    init(configured: [QueueShards], discovers: Bool) {
        self.configured = configured
        self.discovers = discovers
    }

    /// The queues to show, after noting those the given workers serve.
    func groups(noting workers: [LiveWorker]) -> [Group] {
        var groups = configured.map { Group(queue: Self.baseName(of: $0), shards: $0) }
        guard discovers else { return groups }
        let names = seen.withLock { seen in
            for worker in workers {
                for name in worker.queues where !seen.contains(name) && seen.count < Self.maxDiscovered { seen.append(name) }
            }
            return seen
        }
        let known = Set(groups.flatMap { $0.shards.shards.map(\.queue) })
        var highest: [String: Int] = [:]
        var order: [String] = []
        for name in names where !known.contains(name) {
            let (base, index) = Self.split(name)
            if highest[base] == nil { order.append(base) }
            highest[base] = max(highest[base] ?? -1, index ?? -1)
        }
        for base in order {
            let count = (highest[base] ?? -1) + 1
            if let shards = try? QueueShards(queue: base, count: max(count, 1)) {
                groups.append(Group(queue: base, shards: shards))
            }
        }
        return groups
    }

    /// The configured queue's name: a single shard's own name, else the part before `:0`.
    static func baseName(of shards: QueueShards) -> String {
        let first = shards.shards[0].queue
        guard shards.shards.count > 1 else { return first }
        return split(first).base
    }

    /// `orders:3` → (`orders`, 3); `orders` → (`orders`, nil).
    static func split(_ name: String) -> (base: String, index: Int?) {
        guard let colon = name.lastIndex(of: ":") else { return (name, nil) }
        let digits = name[name.index(after: colon)...]
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII), let index = Int(digits), index < 1024 else { return (name, nil) }
        return (String(name[..<colon]), index)
    }
}
