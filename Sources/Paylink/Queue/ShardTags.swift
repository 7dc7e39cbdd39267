import PaylinkRedis

/// Chooses the hash tags of a sharded queue's shards so that Redis Cluster spreads them evenly.
///
/// Shard `i` of `N` takes the first of `q:i`, `q:i.1`, `q:i.2`, ... whose CRC16 slot lies near
/// the centre of the i-th 1/N of the 16,384 slots (within an eighth of that interval's width).
/// `redis-cli --cluster create` gives M masters M contiguous, equal slot ranges, and points
/// spaced 1/N apart land ⌊N/M⌋ or ⌈N/M⌉ to a range, so the shards spread as evenly as they can
/// over any number of masters. The tags depend only on the queue name, N and the tags to avoid,
/// never on the cluster's current state, so every process computes the same ones (and a single
/// server uses them unchanged). The live slot map only shows where they landed
/// (`paylink queue shards`).
///
/// Use ``legacy(queue:count:)`` for queues sharded before this scheme (contract version 2:
/// `q:i` whatever its slot): their data stays where it is.
public enum ShardTags {
    /// How many candidates are tried per shard before giving up; the search needs about 4N on
    /// average (the window is a quarter of 1/N of the slots), so 1024 shards need about 4,000.
    static let maxCandidates = 1_000_000

    /// The spread tags of `count` shards of `queue`; one shard is the queue itself.
    /// - Parameter avoiding: tags that must not be chosen (those of earlier layouts, whose
    ///   shards hold another layout's orders).
    /// - Throws: when a tag would be longer than a queue name may be (64 bytes).
    public static func spread(queue: String, count: Int, avoiding: Set<String> = []) throws(ConfigurationError) -> [String] {
        guard count > 1 else { return [queue] }
        var tags: [String] = []
        tags.reserveCapacity(count)
        for index in 0..<count {
            let window = Self.window(index, of: count)
            var candidate = 0
            while true {
                let tag = candidate == 0 ? "\(queue):\(index)" : "\(queue):\(index).\(candidate)"
                guard tag.utf8.count <= 64 else {
                    throw ConfigurationError(setting: "--shards", reason: "the shard names of \"\(queue)\" would pass 64 bytes; use a shorter queue name")
                }
                if window.contains(RedisKeySlot.slot(of: tag)), !avoiding.contains(tag) {
                    tags.append(tag)
                    break
                }
                candidate += 1
                precondition(candidate < maxCandidates, "no tag found for shard \(index) of \(count)")
            }
        }
        return tags
    }

    /// The tags contract version 2 used: `q:0` ... `q:N-1`, wherever their slots fall.
    public static func legacy(queue: String, count: Int) -> [String] {
        count > 1 ? (0..<count).map { "\(queue):\($0)" } : [queue]
    }

    /// The slots shard `index` of `count` may use: the centre of its 1/count of the slots, plus
    /// or minus an eighth of that width (at least the centre slot itself).
    static func window(_ index: Int, of count: Int) -> ClosedRange<Int> {
        let slots = Double(RedisKeySlot.count)
        let width = slots / Double(count)
        let centre = (Double(index) + 0.5) * width
        let half = width / 8
        let low = Int((centre - half).rounded(.up))
        let high = Int((centre + half).rounded(.down))
        let middle = Int(centre)
        return min(low, middle)...max(high, middle)
    }
}
