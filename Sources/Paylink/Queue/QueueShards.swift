/// A queue split into shards for volumes past one Redis node: each shard is a queue of its own
/// whose keys carry its tag (`{q:0}`, `{q:1.3}`, ...), so Redis Cluster spreads the shards over
/// nodes. Which tags a queue uses is recorded in Redis (`ShardLayout`); `ShardTags` chooses them.
///
/// Producers choose an order's shard from its orderId, so every push of one order lands in the
/// same shard and is answered from the same result hash; workers serve every shard.
public struct QueueShards: Sendable, Equatable {
    /// Most shards a queue may have.
    public static let maxCount = 1024

    /// One queue's keys per shard; a single element for an unsharded queue.
    public let shards: [QueueKeys]

    /// The shards of a recorded layout.
    /// - Parameter tags: each shard's queue name (its hash tag); `[queue]` for an unsharded queue.
    public init(queue: String, tags: [String]) throws(ConfigurationError) {
        guard (1...Self.maxCount).contains(tags.count) else {
            throw ConfigurationError(setting: "--shards", reason: "must be 1-\(Self.maxCount), not \(tags.count)")
        }
        var shards: [QueueKeys] = []
        for tag in tags { shards.append(try QueueKeys(queue: tag)) }
        self.shards = shards
    }

    /// The tags of contract version 2 (`q:0` ... `q:N-1`); 1 keeps the plain queue name.
    public init(queue: String, count: Int) throws(ConfigurationError) {
        guard (1...Self.maxCount).contains(count) else {
            throw ConfigurationError(setting: "--shards", reason: "must be 1-\(Self.maxCount), not \(count)")
        }
        try self.init(queue: queue, tags: ShardTags.legacy(queue: queue, count: count))
    }

    /// Each shard's tag (its queue name).
    public var tags: [String] { shards.map(\.queue) }

    /// The keys of the shard that holds `orderId`.
    public func keys(for orderId: String) -> QueueKeys {
        shards[Self.shard(of: orderId, count: shards.count)]
    }

    /// FNV-1a (32-bit) of the orderId's UTF-8 bytes, modulo the shard count: simple enough for
    /// any producer to compute (see docs/redis-contract.md).
    public static func shard(of orderId: String, count: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in orderId.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return Int(hash % UInt32(max(count, 1)))
    }
}
