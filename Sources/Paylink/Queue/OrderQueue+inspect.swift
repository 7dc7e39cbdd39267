public import PaylinkRedis

/// Read-only views for the `status` and `result` commands and for dashboards.
extension OrderQueue {
    /// A snapshot of one queue's depths and result counts.
    public struct Status: Sendable, Equatable {
        public var pending: Int
        public var inflight: Int
        /// Orders waiting in the retry set.
        public var retrying: Int
        /// Entries in the dead list (failed orders and unreadable elements).
        public var dead: Int
        /// Dead entries with no usable orderId (they have no result hash).
        public var rejected: Int
        /// Pushes answered from an existing result instead of being sent again.
        public var duplicates: Int
        public var results: [OrderStatus: Int]
        /// The operator's pause, when the queue is paused (`paylink queue pause`).
        public var paused: QueuePause?
        /// Elements parked in the `unknown` hash (`HLEN`), waiting for `paylink unknown resolve`.
        public var parked: Int = 0
        /// The element workers take next (`LINDEX pending -1`), for the oldest pending age
        /// (``OldestPendingAge``); nil when nothing is pending.
        public var oldestPending: [UInt8]?

        /// Orders whose result is final (`succeeded`, `invalid`, `failed`, `unknown`).
        public var resultCount: Int { results.filter(\.key.isTerminal).values.reduce(0, +) }

        /// Elements that reached an end: a final result, or the dead list with no orderId.
        public var finishedCount: Int { resultCount + rejected }
    }

    /// Number of orders waiting.
    public func pendingCount() async throws(RedisError) -> Int {
        Int(try await redis.send(RedisCommand("LLEN", keys.pending)).int ?? 0)
    }

    /// Depths, result counts and the pause in one round trip.
    public func status() async throws(RedisError) -> Status {
        try await Self.statuses(of: [keys], redis: redis)[0]
    }

    /// ``status()`` of several queues (every shard a dashboard shows) in one round trip: a
    /// fixed number of O(1) commands per queue (`LLEN`, `ZCARD`, `HLEN`, `LINDEX`, and `HGETALL`
    /// of the small `counts` and `paused` hashes), so it costs the same with a million results.
    public static func statuses(of queues: [QueueKeys], redis: RedisClient) async throws(RedisError) -> [Status] {
        var commands: [RedisCommand] = []
        for keys in queues {
            commands += [
                RedisCommand("LLEN", keys.pending), RedisCommand("ZCARD", keys.inflight), RedisCommand("ZCARD", keys.retry),
                RedisCommand("ZCARD", keys.dead), RedisCommand("HGETALL", keys.counts), RedisCommand("HGETALL", keys.paused),
                RedisCommand("HLEN", keys.unknown), RedisCommand("LINDEX", keys.pending, "-1"),
            ]
        }
        let replies = try await redis.checkedPipeline(commands)
        return queues.indices.map { index in status(from: Array(replies[(index * 8)..<(index * 8 + 8)])) }
    }

    private static func status(from replies: [RedisValue]) -> Status {
        let counts = Self.pairs(replies[4])
        var results: [OrderStatus: Int] = [:]
        for (name, value) in counts {
            if let status = OrderStatus(rawValue: name), let count = Int(value) { results[status] = count }
        }
        return Status(
            pending: Int(replies[0].int ?? 0), inflight: Int(replies[1].int ?? 0), retrying: Int(replies[2].int ?? 0),
            dead: Int(replies[3].int ?? 0), rejected: Int(counts[CountsField.rejected.rawValue] ?? "") ?? 0,
            duplicates: Int(counts[CountsField.duplicate.rawValue] ?? "") ?? 0, results: results, paused: QueuePause(fields: Self.pairs(replies[5])),
            parked: Int(replies[6].int ?? 0), oldestPending: replies[7].bytes)
    }

    /// One order's result hash as field/value pairs, or nil when there is none.
    public func result(orderId: String) async throws(RedisError) -> [String: String]? {
        let fields = Self.pairs(try await redis.send(RedisCommand("HGETALL", keys.result(orderId))))
        return fields.isEmpty ? nil : fields
    }

    /// A flat `[name, value, ...]` reply (HGETALL) as a dictionary.
    public static func pairs(_ reply: RedisValue) -> [String: String] {
        let flat = reply.array ?? []
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].string { fields[name] = flat[index + 1].string ?? "" }
            index += 2
        }
        return fields
    }
}
