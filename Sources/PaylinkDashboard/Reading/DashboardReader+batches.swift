import Paylink
import PaylinkRedis

extension DashboardReader {
    /// Batch orders a batch page looks at most (`SSCAN` of `batch-orders`, statuses pipelined).
    public static let batchMaxScan = 20_000
    /// Failed and unknown orders a batch page lists at most.
    public static let batchMaxListed = 200

    /// The newest batches of a queue, each summed over its shards.
    func batches(of group: QueueDirectory.Group, limit: Int) async throws(RedisError) -> BatchesModel {
        var parts: [String: [BatchStatus]] = [:]
        for keys in group.shards.shards {
            for status in try await OrderQueue(keys: keys, redis: redis).batches(limit: limit) { parts[status.batchId, default: []].append(status) }
        }
        let combined = parts.values.compactMap(BatchStatus.combined)
            .sorted { ($0.createdAt ?? 0, $0.batchId) > ($1.createdAt ?? 0, $1.batchId) }
        return BatchesModel(queue: group.queue, batches: combined.prefix(limit).map(BatchOutput.init))
    }

    /// One batch of a queue: its figures over every shard, and its failed and unknown orders.
    /// - Returns: nil when no shard has the batch.
    func batch(_ batchId: String, of group: QueueDirectory.Group) async throws(RedisError) -> BatchModel? {
        var parts: [BatchStatus] = []
        var holding: [QueueKeys] = []
        for keys in group.shards.shards {
            if let status = try await OrderQueue(keys: keys, redis: redis).batch(batchId) {
                parts.append(status)
                holding.append(keys)
            }
        }
        guard let whole = BatchStatus.combined(parts) else { return nil }
        var problems: [BatchModel.Order] = []
        var scanned = 0
        var complete = true
        for keys in holding {
            var cursor = "0"
            repeat {
                let reply = try await redis.send(RedisCommand("SSCAN", keys.batchOrders(batchId), cursor, "COUNT", "1000"))
                let parts = reply.array ?? []
                cursor = parts.first?.string ?? "0"
                let orderIds = (parts.count > 1 ? parts[1].array ?? [] : []).compactMap(\.string)
                scanned += orderIds.count
                let replies = try await redis.checkedPipeline(orderIds.map {
                    RedisCommand("HMGET", keys.result($0), ResultField.status, ResultField.errorCode, ResultField.errorMessage)
                })
                for (orderId, reply) in zip(orderIds, replies) {
                    let values = reply.array ?? []
                    guard let status = values.first?.string, status == OrderStatus.failed.rawValue || status == OrderStatus.unknown.rawValue else {
                        continue
                    }
                    guard problems.count < Self.batchMaxListed else {
                        complete = false
                        continue
                    }
                    problems.append(
                        .init(queue: keys.queue, orderId: orderId, status: status, errorCode: values.count > 1 ? values[1].string : nil,
                              errorMessage: values.count > 2 ? values[2].string : nil))
                }
            } while cursor != "0" && scanned < Self.batchMaxScan
            if cursor != "0" { complete = false }
        }
        return BatchModel(queue: group.queue, batch: BatchOutput(whole), problems: problems.sorted { $0.orderId < $1.orderId }, complete: complete)
    }

    /// The shards of `group` that hold the batch, for an export.
    func shardsHolding(batch batchId: String, of group: QueueDirectory.Group) async throws(RedisError) -> [OrderQueue] {
        var holding: [OrderQueue] = []
        for keys in group.shards.shards {
            let queue = OrderQueue(keys: keys, redis: redis)
            if try await queue.batch(batchId) != nil { holding.append(queue) }
        }
        return holding
    }
}
