public import PaylinkRedis

/// Read-only views for the `status` and `result` commands and for dashboards.
extension OrderQueue {
    /// A snapshot of one queue's depths and result counts.
    public struct Status: Sendable, Equatable {
        public var pending: Int
        public var inflight: Int
        public var rejected: Int
        public var results: [OrderStatus: Int]

        /// Orders with a result, whatever its status.
        public var resultCount: Int { results.values.reduce(0, +) }

        /// Elements that reached an end: a result, or the `rejected` list.
        public var finishedCount: Int { resultCount + rejected }
    }

    /// Number of orders waiting.
    public func pendingCount() async throws(RedisError) -> Int {
        Int(try await redis.send(RedisCommand("LLEN", keys.pending)).int ?? 0)
    }

    /// Depths and result counts in one round trip.
    public func status() async throws(RedisError) -> Status {
        let replies = try await redis.pipeline([
            RedisCommand("LLEN", keys.pending),
            RedisCommand("ZCARD", keys.inflight),
            RedisCommand("LLEN", keys.rejected),
            RedisCommand("HGETALL", keys.counts),
        ])
        var results: [OrderStatus: Int] = [:]
        let flat = replies[3].array ?? []
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].string, let status = OrderStatus(rawValue: name), let count = flat[index + 1].int {
                results[status] = Int(count)
            }
            index += 2
        }
        return Status(
            pending: Int(replies[0].int ?? 0), inflight: Int(replies[1].int ?? 0),
            rejected: Int(replies[2].int ?? 0), results: results)
    }

    /// One order's result hash as field/value pairs, or nil when there is none.
    public func result(orderId: String) async throws(RedisError) -> [String: String]? {
        let flat = try await redis.send(RedisCommand("HGETALL", keys.result(orderId))).array ?? []
        guard !flat.isEmpty else { return nil }
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].string { fields[name] = flat[index + 1].string ?? "" }
            index += 2
        }
        return fields
    }
}
