public import PaylinkRedis

/// Producer: hands orders to paylink and reads their results, from another Swift system.
///
/// It does only what docs/redis-contract.md allows a producer: `LPUSH` onto `pending`, and read
/// result hashes and `counts`. Use it instead of `OrderQueue`, whose other methods write
/// paylink's own keys and belong to workers and operators.
///
/// ```swift
/// let redis = RedisClient(configuration: .init(url: try RedisURL("redis://127.0.0.1:6379")), logger: logger)
/// let producer = try OrderProducer(queue: "default", redis: redis)
/// try await producer.enqueue([
///     Order(orderId: "A-1", amount: "1000", callbackURL: "https://shop.example/notify/A-1",
///           returnURL: "https://shop.example/orders/A-1")
/// ])
/// let result = try await producer.result(orderId: "A-1")  // nil until a worker takes the order
/// if result?.possibleDuplicate == true { /* reconcile with OTT Pay first: docs/redis-contract.md */ }
/// ```
public struct OrderProducer: Sendable {
    /// Most elements pushed by one `LPUSH`, so a large batch does not hold Redis for long.
    static let chunkSize = 1000

    /// The queue's own keys (its first shard's keys are these only when it is not sharded).
    public let keys: QueueKeys
    let redis: RedisClient
    /// The queue's shard layout as last read from Redis, read again every minute.
    let layouts: ProducerLayoutCache

    /// - Parameters:
    ///   - queue: the queue's name, as given to `paylink worker --queue`.
    ///   - redis: a client the caller owns (and shuts down).
    /// - Throws: when the name is not a valid queue name (empty, braces, spaces, over 64 bytes).
    public init(queue: String = "default", redis: RedisClient) throws(ConfigurationError) {
        self.keys = try QueueKeys(queue: queue)
        self.redis = redis
        self.layouts = ProducerLayoutCache(store: try ShardLayoutStore(queue: queue, redis: redis))
    }

    /// Pushes orders in the given order, pipelined in chunks of 1,000, each to its shard when
    /// the queue is sharded (the layout recorded in Redis, read at the first call and every
    /// minute after). Orders are not validated here: a bad one comes back as an `invalid`
    /// result naming the field and the rule. An order without `enqueuedAt` gets the time of
    /// this call, for the latency metrics.
    /// - Returns: how many orders wait in `pending`, summed over the shards this call pushed to
    ///   (over every shard when `orders` is empty).
    @discardableResult
    public func enqueue(_ orders: [Order]) async throws(RedisError) -> Int {
        let shards = try await layouts.current().shards
        let now = UnixTime.milliseconds()
        var byShard: [Int: [Order]] = [:]
        for order in orders {
            byShard[QueueShards.shard(of: order.orderId, count: shards.shards.count), default: []].append(order)
        }
        var commands: [RedisCommand] = []
        var targets: [String] = []
        for index in byShard.keys.sorted() {
            let pending = shards.shards[index].pending
            let part = byShard[index] ?? []
            var start = 0
            while start < part.count {
                let chunk = part[start..<min(start + Self.chunkSize, part.count)]
                commands.append(RedisCommand("LPUSH", arguments: [pending] + chunk.map { Self.stamped($0, now).jsonBytes() }))
                targets.append(pending)
                start += Self.chunkSize
            }
        }
        guard !commands.isEmpty else {
            let lengths = try await redis.checkedPipeline(shards.shards.map { RedisCommand("LLEN", $0.pending) })
            return lengths.reduce(0) { $0 + Int($1.int ?? 0) }
        }
        let replies = try await redis.pipeline(commands)
        var lastLength: [String: Int] = [:]
        for (pending, reply) in zip(targets, replies) {
            if case .error(let message) = reply { throw RedisError(code: .commandFailed, command: "LPUSH", message: message) }
            lastLength[pending] = Int(reply.int ?? 0)
        }
        return lastLength.values.reduce(0, +)
    }

    private static func stamped(_ order: Order, _ now: Int64) -> Order {
        guard order.enqueuedAt == nil else { return order }
        var stamped = order
        stamped.enqueuedAt = now
        return stamped
    }

    /// One order's result, or nil when there is none yet (not claimed, or trimmed by retention).
    public func result(orderId: String) async throws(RedisError) -> StoredResult? {
        try await results(orderIds: [orderId])[orderId]
    }

    /// The results of many orders in one round trip; orders without a result are left out.
    /// An order of a sharded queue is looked up in its shard, and, when not found there, in its
    /// shard under each earlier layout (a result from before a change of `--shards`).
    public func results(orderIds: [String]) async throws(RedisError) -> [String: StoredResult] {
        let layout = try await layouts.current()
        var found = try await read(orderIds.map { ($0, layout.shards.keys(for: $0)) })
        var earlier: [(String, QueueKeys)] = []
        for orderId in orderIds where found[orderId] == nil {
            let current = layout.shards.keys(for: orderId).queue
            for tag in layout.record.earlierTags(of: orderId, current: current) {
                if let keys = try? QueueKeys(queue: tag) { earlier.append((orderId, keys)) }
            }
        }
        guard !earlier.isEmpty else { return found }
        // Newest earlier layout first: the first result found is kept.
        for (orderId, result) in try await read(earlier) where found[orderId] == nil { found[orderId] = result }
        return found
    }

    private func read(_ lookups: [(orderId: String, keys: QueueKeys)]) async throws(RedisError) -> [String: StoredResult] {
        let replies = try await redis.checkedPipeline(lookups.map { RedisCommand("HGETALL", $0.keys.result($0.orderId)) })
        var found: [String: StoredResult] = [:]
        for (lookup, reply) in zip(lookups, replies) where found[lookup.orderId] == nil {
            let fields = OrderQueue.pairs(reply)
            if !fields.isEmpty { found[lookup.orderId] = StoredResult(orderId: lookup.orderId, fields: fields) }
        }
        return found
    }

    /// The queue's `counts` hash: results per status, plus `duplicate` and `rejected`; for a
    /// sharded queue, summed over its shards, earlier layouts' included.
    public func counts() async throws(RedisError) -> [String: Int] {
        let layout = try await layouts.current()
        let tags = layout.shards.tags + layout.record.retiredTags
        var commands: [RedisCommand] = []
        for tag in tags {
            if let keys = try? QueueKeys(queue: tag) { commands.append(RedisCommand("HGETALL", keys.counts)) }
        }
        var total: [String: Int] = [:]
        for reply in try await redis.checkedPipeline(commands) {
            for (name, value) in OrderQueue.pairs(reply) {
                if let count = Int(value) { total[name, default: 0] += count }
            }
        }
        return total
    }
}
