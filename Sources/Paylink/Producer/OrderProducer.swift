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

    public let keys: QueueKeys
    let redis: RedisClient

    /// - Parameters:
    ///   - queue: the queue's name, as given to `paylink worker --queue`.
    ///   - redis: a client the caller owns (and shuts down).
    /// - Throws: when the name is not a valid queue name (empty, braces, spaces, over 64 bytes).
    public init(queue: String = "default", redis: RedisClient) throws(ConfigurationError) {
        self.keys = try QueueKeys(queue: queue)
        self.redis = redis
    }

    /// Pushes orders in the given order, pipelined in chunks of 1,000. Orders are not validated
    /// here: a bad one comes back as an `invalid` result naming the field and the rule. An order
    /// without `enqueuedAt` gets the time of this call, for the latency metrics.
    /// - Returns: the length of `pending` after the last push.
    @discardableResult
    public func enqueue(_ orders: [Order]) async throws(RedisError) -> Int {
        var commands: [RedisCommand] = []
        let now = UnixTime.milliseconds()
        var start = 0
        while start < orders.count {
            let chunk = orders[start..<min(start + Self.chunkSize, orders.count)]
            commands.append(RedisCommand("LPUSH", arguments: [keys.pending] + chunk.map { Self.stamped($0, now).jsonBytes() }))
            start += Self.chunkSize
        }
        guard !commands.isEmpty else {
            return Int(try await redis.send(RedisCommand("LLEN", keys.pending)).int ?? 0)
        }
        let replies = try await redis.pipeline(commands)
        for reply in replies {
            if case .error(let message) = reply { throw RedisError(code: .commandFailed, command: "LPUSH", message: message) }
        }
        return Int(replies.last?.int ?? 0)
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
    public func results(orderIds: [String]) async throws(RedisError) -> [String: StoredResult] {
        let replies = try await redis.checkedPipeline(orderIds.map { RedisCommand("HGETALL", keys.result($0)) })
        var found: [String: StoredResult] = [:]
        for (orderId, reply) in zip(orderIds, replies) {
            let fields = OrderQueue.pairs(reply)
            if !fields.isEmpty { found[orderId] = StoredResult(orderId: orderId, fields: fields) }
        }
        return found
    }

    /// The queue's `counts` hash: results per status, plus `duplicate` and `rejected`.
    public func counts() async throws(RedisError) -> [String: Int] {
        OrderQueue.pairs(try await redis.send(RedisCommand("HGETALL", keys.counts))).compactMapValues { Int($0) }
    }
}
