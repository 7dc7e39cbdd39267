public import PaylinkRedis

/// Reads, records and changes a queue's shard layout in Redis (`paylink:{<queue>}:shards`).
///
/// The first producer or worker of a queue records its `--shards`: the spread tags
/// (`ShardTags.spread`) for a new queue, or the tags of contract version 2 (`q:i`) when data
/// already sits under those, so a queue sharded before keeps working unchanged. A change
/// (`paylink queue shards <q> --change N`) pauses the shards it retires *before* recording the new
/// layout: workers still running the old one take nothing more there (the claim honours `paused`),
/// so no order is claimed under the old layout after a worker of the new one has looked.
public struct ShardLayoutStore: Sendable {
    /// The queue's own keys: the record lives at ``QueueKeys/shardLayout``.
    public let base: QueueKeys
    let redis: RedisClient

    public init(queue: String, redis: RedisClient) throws(ConfigurationError) {
        self.base = try QueueKeys(queue: queue)
        self.redis = redis
    }

    /// The recorded layout, or nil when none is.
    /// - Throws: `RedisError`, or `ConfigurationError` when the record is malformed.
    public func read() async throws -> ShardLayout? {
        let reply = try await redis.send(RedisCommand("HGETALL", base.shardLayout))
        return try ShardLayout.parse(queue: base.queue, fields: OrderQueue.pairs(reply))
    }

    /// The layout a reader should use: the recorded one, else the tags of contract version 2 for
    /// `count` (what any data written before layouts were recorded is under). Writes nothing.
    public func layoutForReading(count: Int) async throws -> ShardLayout {
        if let layout = try await read() { return layout }
        return ShardLayout(queue: base.queue, generation: 0, tags: ShardTags.legacy(queue: base.queue, count: count))
    }

    /// The layout a producer or worker started with `--shards count` must use, recorded first
    /// when there is none.
    /// - Throws: `ConfigurationError` when a different layout is recorded (it names the command
    ///   that changes it), or a Redis error.
    public func layout(count: Int) async throws -> ShardLayout {
        let layout: ShardLayout
        if let recorded = try await read() {
            layout = recorded
        } else {
            layout = try await record(try await initialLayout(count: count), expecting: nil)
        }
        guard layout.count == count else {
            throw ConfigurationError(
                setting: "--shards",
                reason: "queue \(base.queue) has \(layout.count) shards in Redis (\(base.shardLayout)), not \(count): "
                    + "use --shards \(layout.count), or change it first with `paylink queue shards \(base.queue) --change \(count)`")
        }
        return layout
    }

    /// Changes the layout to `count` shards with spread tags (also from the tags of contract
    /// version 2 at the same count): pauses the current shards, then records the new layout.
    /// - Parameters:
    ///   - recordedCount: when nothing is recorded yet, the `--shards` the queue ran with until
    ///     now (its data is under contract version 2's tags for it, which become the earlier layout).
    ///   - by: who asks, for the retired shards' pause.
    /// - Returns: the layout now recorded, and whether this call changed it (false: it already
    ///   had those tags).
    public func change(to count: Int, recordedCount: Int, by: String) async throws -> (layout: ShardLayout, changed: Bool) {
        let current: ShardLayout
        if let recorded = try await read() {
            current = recorded
        } else {
            let initial = try await initialLayout(count: recordedCount)
            guard try await hasData(initial.tags) else {
                // Nothing was ever written: no earlier layout to keep.
                let fresh = ShardLayout(queue: base.queue, generation: 1, tags: try ShardTags.spread(queue: base.queue, count: count))
                let stored = try await record(fresh, expecting: nil)
                return (stored, stored == fresh)
            }
            current = try await record(initial, expecting: nil)
        }
        if current.count == count, current.tags == (try ShardTags.spread(queue: base.queue, count: count, avoiding: Set(current.previous.joined()))) {
            return (current, false)
        }
        guard current.previous.count < ShardLayout.maxPrevious else {
            throw ConfigurationError(
                setting: "--change",
                reason: "queue \(base.queue) already has \(ShardLayout.maxPrevious) earlier layouts recorded, each checked before every call; no further change is allowed")
        }
        let avoided = Set(current.tags).union(current.previous.joined())
        let tags = try ShardTags.spread(queue: base.queue, count: count, avoiding: avoided)
        let reason = "retired: queue \(base.queue) now has \(count) shards (layout \(current.generation + 1)); workers forward its orders"
        for tag in current.tags {
            _ = try await OrderQueue(keys: try QueueKeys(queue: tag), redis: redis).pause(reason: reason, by: by)
        }
        let next = ShardLayout(queue: base.queue, generation: current.generation + 1, tags: tags, previous: [current.tags] + current.previous)
        let stored = try await record(next, expecting: current.generation)
        return (stored, stored == next)
    }

    /// The first layout of a queue: the tags of contract version 2 when data is already there.
    private func initialLayout(count: Int) async throws -> ShardLayout {
        let legacy = ShardTags.legacy(queue: base.queue, count: count)
        var useLegacy = count == 1
        if !useLegacy { useLegacy = try await hasData(legacy) }
        let tags = useLegacy ? legacy : try ShardTags.spread(queue: base.queue, count: count)
        return ShardLayout(queue: base.queue, generation: 1, tags: tags)
    }

    /// Whether any of these shards holds orders or results (its pending list, leases, retries,
    /// counts or job counter exist).
    private func hasData(_ tags: [String]) async throws -> Bool {
        var commands: [RedisCommand] = []
        for tag in tags {
            let keys = try QueueKeys(queue: tag)
            for key in [keys.pending, keys.inflight, keys.retry, keys.counts, keys.jobSequence] {
                commands.append(RedisCommand("EXISTS", key))
            }
        }
        return try await redis.checkedPipeline(commands).contains { ($0.int ?? 0) > 0 }
    }

    /// Writes `layout` if the stored generation is still `expecting` (nil: nothing stored).
    /// - Returns: the layout stored afterwards (another process's, when it was first).
    private func record(_ layout: ShardLayout, expecting: Int?) async throws -> ShardLayout {
        let now = try await RedisClock.read(redis)?.now ?? UnixTime.milliseconds()
        var arguments: [any RedisArgumentConvertible] = [expecting.map { String($0) } ?? ""]
        for (field, value) in layout.fields(changedAt: now) {
            arguments.append(field)
            arguments.append(value)
        }
        let reply = try await redis.run(QueueScripts.recordLayout, keys: base, arguments: arguments)
        guard let stored = try ShardLayout.parse(queue: base.queue, fields: OrderQueue.pairs(reply)) else {
            throw RedisError(code: .commandFailed, command: "EVALSHA", message: "the shard layout was not stored")
        }
        return stored
    }
}
