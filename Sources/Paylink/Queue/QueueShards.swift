/// A queue split into shards for volumes past one Redis node: shard `i` of queue `q` is the queue
/// `q:i`, whose keys carry the hash tag `{q:i}`, so Redis Cluster spreads the shards over nodes.
///
/// Producers choose an order's shard from its orderId, so every push of one order lands in the
/// same shard and is answered from the same result hash; workers serve every shard.
public struct QueueShards: Sendable, Equatable {
    /// One queue's keys per shard; a single element for an unsharded queue.
    public let shards: [QueueKeys]

    /// - Parameter count: 1 keeps the plain queue name (no `:0` suffix).
    public init(queue: String, count: Int) throws(ConfigurationError) {
        guard (1...1024).contains(count) else {
            throw ConfigurationError(setting: "--shards", reason: "must be 1-1024, not \(count)")
        }
        if count == 1 {
            shards = [try QueueKeys(queue: queue)]
        } else {
            var shards: [QueueKeys] = []
            for index in 0..<count { shards.append(try QueueKeys(queue: "\(queue):\(index)")) }
            self.shards = shards
        }
    }

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
