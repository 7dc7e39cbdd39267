public import PaylinkRedis

/// Batches: registration by producers, progress for operators, results for export.
extension OrderQueue {
    /// Registers orders in a batch. Call it for every order before pushing any of them, so the
    /// batch cannot look finished while some are still unregistered.
    /// - Returns: how many orderIds were new to the batch.
    @discardableResult
    public func registerBatch(_ batchId: String, orderIds: [String]) async throws(RedisError) -> Int {
        let reply = try await redis.run(
            QueueScripts.registerBatch, keys: keys, items: [batchId], arguments: [batchId] + orderIds)
        return Int(reply.int ?? 0)
    }

    /// A batch's figures, or nil when there is no such batch (or it has expired).
    public func batch(_ batchId: String) async throws(RedisError) -> BatchStatus? {
        let fields = Self.pairs(try await redis.send(RedisCommand("HGETALL", keys.batch(batchId))))
        return fields.isEmpty ? nil : BatchStatus(batchId: batchId, fields: fields)
    }

    /// The newest batches first, with their figures; expired ones are dropped from the index.
    public func batches(limit: Int = 50) async throws(RedisError) -> [BatchStatus] {
        let ids = (try await redis.send(RedisCommand("ZREVRANGE", keys.batches, "0", String(max(limit, 1) - 1))).array ?? [])
            .compactMap(\.string)
        var found: [BatchStatus] = []
        for batchId in ids {
            if let status = try await batch(batchId) {
                found.append(status)
            } else {
                _ = try await redis.send(RedisCommand("ZREM", keys.batches, batchId))
            }
        }
        return found
    }

    /// Calls `body` with the result hashes of every order in a batch, a page at a time.
    /// Orders with no result yet come with only their `orderId`.
    public func forEachResult(inBatch batchId: String, _ body: ([[String: String]]) async throws -> Void) async throws {
        var cursor = "0"
        repeat {
            let reply = try await redis.send(RedisCommand("SSCAN", keys.batchOrders(batchId), cursor, "COUNT", "500"))
            let parts = reply.array ?? []
            cursor = parts.first?.string ?? "0"
            let orderIds = (parts.count > 1 ? parts[1].array ?? [] : []).compactMap(\.string).sorted()
            guard !orderIds.isEmpty else { continue }
            let replies = try await redis.checkedPipeline(orderIds.map { RedisCommand("HGETALL", keys.result($0)) })
            try await body(zip(orderIds, replies).map { orderId, reply in
                var fields = Self.pairs(reply)
                fields[ResultField.orderId] = orderId
                return fields
            })
        } while cursor != "0"
    }

    /// Writes the settings the queue scripts read (event stream length, batch retention).
    public func configure(eventsMaxLength: Int, batchRetention: Duration) async throws(RedisError) {
        _ = try await redis.send(RedisCommand(
            "HSET", keys.config, ConfigField.eventsMaxLength.rawValue, String(eventsMaxLength),
            ConfigField.batchRetentionMs.rawValue, String(batchRetention.milliseconds)))
    }
}
