public import Logging
public import PaylinkRedis
public import ServiceLifecycle

/// Empties the shards a change of `--shards` retired: their orders go to their shards under the
/// current layout, and nothing is ever sent from a retired shard.
///
/// A retired shard is paused by the change, so workers of the old layout take nothing more from
/// it; this service, in every worker process of the new one, brings back expired leases and due
/// retries there (the old workers' jobs), then copies the oldest pending orders to their current
/// shards (`RPUSH`, so they are taken next) and only then removes them from the retired shard,
/// if they are still its oldest. A crash between the two leaves an order in both: the current
/// shard answers the second push from its result. A short lock lets one process at a time do it.
public struct ShardForwarder: Service {
    /// Most orders moved per look, per shard: bounds the script's work and the lock's hold.
    static let chunk = 100
    /// How long the lock outlives a forwarder that died holding it.
    static let lockMs = 5000

    let layout: ShardLayout
    let current: QueueShards
    let retired: [QueueKeys]
    /// Contract version 2's tags for the current count that are not shards now (`strayTags`):
    /// nothing is ever claimed there, so there are no leases or retries to bring back.
    let stray: [QueueKeys]
    let redis: RedisClient
    let owner: String
    let interval: Duration
    let logger: Logger

    /// - Parameters:
    ///   - owner: this process's workerId, as the lock's value.
    ///   - interval: the pause between looks when nothing was waiting.
    public init(layout: ShardLayout, redis: RedisClient, owner: String, interval: Duration = .seconds(1), logger: Logger) throws(ConfigurationError) {
        self.layout = layout
        self.current = try layout.shards()
        var retired: [QueueKeys] = []
        for tag in layout.retiredTags { retired.append(try QueueKeys(queue: tag)) }
        self.retired = retired
        var stray: [QueueKeys] = []
        for tag in layout.strayTags { stray.append(try QueueKeys(queue: tag)) }
        self.stray = stray
        self.redis = redis
        self.owner = owner
        self.interval = interval
        self.logger = logger
    }

    public func run() async {
        var warning = RateLimitedWarning(interval: .seconds(60))
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            var moved = 0
            do throws(RedisError) {
                for keys in retired { moved += try await forward(keys, recovering: true) }
                for keys in stray { moved += try await forward(keys, recovering: false) }
                warning.succeeded("Forwarding from retired shards works again", logger: logger)
            } catch {
                warning.failed("Could not forward orders from retired shards; trying again: \(error)", logger: logger)
            }
            if moved == 0 {
                try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            }
        }
    }

    /// One look at one retired shard.
    /// - Parameter recovering: bring back expired leases and due retries first.
    /// - Returns: how many orders it moved.
    func forward(_ keys: QueueKeys, recovering: Bool) async throws(RedisError) -> Int {
        if recovering {
            let queue = OrderQueue(keys: keys, redis: redis)
            try await queue.recoverExpired()
            try await queue.promoteDueRetries()
        }
        let reply = try await redis.run(QueueScripts.forwardTake, keys: keys, arguments: [Self.chunk, owner, Self.lockMs])
        guard let elements = reply.array?.compactMap(\.bytes), !elements.isEmpty else { return 0 }
        // `elements` is newest first; RPUSH in that order leaves the oldest at the consumer end.
        var byShard: [Int: [[UInt8]]] = [:]
        for element in elements {
            let orderId: String?
            switch OrderParser.parse(element) {
            case .success(let order): orderId = order.orderId
            case .failure(let rejection): orderId = rejection.orderId
            }
            // An element with no orderId goes to shard 0, whose claim puts it in the dead list.
            let index = orderId.map { QueueShards.shard(of: $0, count: current.shards.count) } ?? 0
            byShard[index, default: []].append(element)
        }
        let pushes = byShard.map { index, part in RedisCommand("RPUSH", arguments: [current.shards[index].pending as any RedisArgumentConvertible] + part.map { $0 as any RedisArgumentConvertible }) }
        _ = try await redis.checkedPipeline(pushes)
        let dropped = try await redis.run(
            QueueScripts.forwardDrop, keys: keys, arguments: [owner] + elements.map { $0 as any RedisArgumentConvertible })
        let count = Int(dropped.int ?? 0)
        if count > 0 { logger.info("Forwarded orders from a retired shard", metadata: ["shard": "\(keys.queue)", "orders": "\(count)"]) }
        return count
    }
}
