/// A sharded queue's layout as recorded in Redis (`paylink:{<queue>}:shards`): the tags of its
/// shards now, and those of every earlier layout, so that a change of `--shards` keeps the
/// one-link-per-order check (workers read an order's result under the earlier layouts before
/// calling) and no order pushed to an earlier layout's shard is stranded (workers forward it).
///
/// Producers need only ``tags``: an order goes to `tags[FNV-1a-32(orderId) mod tags.count]`.
public struct ShardLayout: Sendable, Equatable {
    /// The hash fields, as docs/redis-contract.md lists them.
    public enum Field {
        public static let count = "count"
        /// The shards' tags, space-separated (a tag is a queue name, which has no whitespace).
        public static let tags = "tags"
        /// 1 for the first layout, one more at each change.
        public static let generation = "generation"
        /// Unix ms (Redis clock) of the last change.
        public static let changedAt = "changedAt"
        /// Earlier layouts, newest first: one line per layout, its tags space-separated.
        public static let previous = "previous"
        static let all = [count, tags, generation, changedAt, previous]
    }

    /// Most earlier layouts kept. Each costs every order a read before its call, so a change past
    /// this many is refused rather than forgetting the oldest layout's results.
    public static let maxPrevious = 8

    /// The queue's own name (the shards' tags derive from it).
    public let queue: String
    public let generation: Int
    /// The current shards' tags; `[queue]` for an unsharded queue.
    public let tags: [String]
    /// Earlier layouts' tags, newest first.
    public let previous: [[String]]

    public init(queue: String, generation: Int, tags: [String], previous: [[String]] = []) {
        self.queue = queue
        self.generation = generation
        self.tags = tags
        self.previous = previous
    }

    public var count: Int { tags.count }

    /// The current shards' keys.
    public func shards() throws(ConfigurationError) -> QueueShards {
        try QueueShards(queue: queue, tags: tags)
    }

    /// Tags of earlier layouts that no current shard uses: shards whose orders are forwarded.
    public var retiredTags: [String] {
        var seen = Set(tags)
        var retired: [String] = []
        for layout in previous {
            for tag in layout where seen.insert(tag).inserted { retired.append(tag) }
        }
        return retired
    }

    /// Tags a producer written for contract version 2 would push to (`q:i` for the current
    /// count) that are not shards of this layout: workers forward from them too, so such a
    /// producer's orders are processed (though it would not find their results there).
    public var strayTags: [String] {
        let known = Set(tags).union(previous.joined())
        return ShardTags.legacy(queue: queue, count: count).filter { !known.contains($0) }
    }

    /// The shard of `orderId` under each earlier layout, newest first, leaving out `current` and
    /// repeats: where a result of the order from before a change would be.
    public func earlierTags(of orderId: String, current: String) -> [String] {
        var seen: Set<String> = [current]
        var found: [String] = []
        for layout in previous {
            let tag = layout[QueueShards.shard(of: orderId, count: layout.count)]
            if seen.insert(tag).inserted { found.append(tag) }
        }
        return found
    }

    /// The hash's fields, as written.
    func fields(changedAt: Int64) -> [(String, String)] {
        [
            (Field.count, String(count)), (Field.tags, tags.joined(separator: " ")), (Field.generation, String(generation)),
            (Field.changedAt, String(changedAt)),
            (Field.previous, previous.map { $0.joined(separator: " ") }.joined(separator: "\n")),
        ]
    }

    /// Reads a recorded layout, checking every part of it: the hash is outside paylink's process.
    /// - Returns: nil when `fields` is empty (nothing recorded).
    public static func parse(queue: String, fields: [String: String]) throws(ConfigurationError) -> ShardLayout? {
        guard !fields.isEmpty else { return nil }
        func bad(_ reason: String) -> ConfigurationError {
            ConfigurationError(setting: "paylink:{\(queue)}:shards", reason: reason)
        }
        guard let generation = fields[Field.generation].flatMap({ Int($0) }), generation >= 1 else {
            throw bad("generation must be a whole number of at least 1, not \(fields[Field.generation] ?? "nothing")")
        }
        let tags = try Self.tags(fields[Field.tags] ?? "", queue: queue)
        guard fields[Field.count].flatMap({ Int($0) }) == tags.count else {
            throw bad("count \(fields[Field.count] ?? "nothing") is not the number of tags (\(tags.count))")
        }
        var previous: [[String]] = []
        for line in (fields[Field.previous] ?? "").split(separator: "\n") {
            previous.append(try Self.tags(String(line), queue: queue))
        }
        guard previous.count <= maxPrevious else { throw bad("more than \(maxPrevious) earlier layouts") }
        return ShardLayout(queue: queue, generation: generation, tags: tags, previous: previous)
    }

    private static func tags(_ text: String, queue: String) throws(ConfigurationError) -> [String] {
        let tags = text.split(separator: " ").map(String.init)
        guard (1...QueueShards.maxCount).contains(tags.count) else {
            throw ConfigurationError(setting: "paylink:{\(queue)}:shards", reason: "a layout must have 1-\(QueueShards.maxCount) tags, not \(tags.count)")
        }
        for tag in tags { _ = try QueueKeys(queue: tag) }
        guard Set(tags).count == tags.count else {
            throw ConfigurationError(setting: "paylink:{\(queue)}:shards", reason: "a layout names a tag twice")
        }
        return tags
    }
}
