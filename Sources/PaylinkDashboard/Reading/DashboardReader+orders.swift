import Paylink
public import PaylinkRedis

extension DashboardReader {
    /// Most matches a prefix lookup returns.
    public static let prefixMaxMatches = 50
    /// Most `ZSCAN ... COUNT 1000` calls a prefix lookup makes per shard: about 20,000 index
    /// entries examined, a few milliseconds of Redis time.
    public static let prefixMaxScanCalls = 20

    /// One order by its exact ID, from the shard it hashes to in each queue shown; the first
    /// queue that has a result (or a dead or parked entry) answers.
    public func order(_ orderId: String) async throws(RedisError) -> OrderModel {
        let candidates = groups.map { $0.shards.keys(for: orderId) }
        var commands: [RedisCommand] = []
        for keys in candidates {
            commands += [
                RedisCommand("HGETALL", keys.result(orderId)), RedisCommand("HGET", keys.deadLetters, orderId),
                RedisCommand("HGET", keys.unknown, orderId),
            ]
        }
        let replies = try await redis.checkedPipeline(commands)
        var first: OrderModel?
        for (index, keys) in candidates.enumerated() {
            let fields = OrderQueue.pairs(replies[index * 3])
            let dead = replies[index * 3 + 1].bytes.flatMap(DeadLetter.init(record:))
            let parked = replies[index * 3 + 2].string
            let model = OrderModel(
                queue: keys.queue, orderId: orderId, found: !fields.isEmpty, result: fields.isEmpty ? nil : ResultFieldsOutput(fields: fields),
                dead: dead.map { DeadEntryOutput($0, withElement: true) }, unknownElement: parked,
                mayHaveLink: fields[ResultField.possibleDuplicate] == "1" || fields[ResultField.unsure] == "1" || dead?.mayHaveLink == true)
            if model.found || dead != nil || parked != nil { return model }
            if first == nil { first = model }
        }
        return first ?? OrderModel(queue: "", orderId: orderId, found: false, result: nil, dead: nil, unknownElement: nil, mayHaveLink: false)
    }

    /// Orders whose ID starts with `prefix`, from each shard's `finished` index (`ZSCAN MATCH`),
    /// capped per request; their statuses read in one pipeline.
    public func orders(prefix: String) async throws(RedisError) -> OrderSearchModel {
        var found: [(keys: QueueKeys, orderId: String)] = []
        var complete = true
        shards: for keys in groups.flatMap(\.shards.shards) {
            var cursor = "0"
            var calls = 0
            repeat {
                let reply = try await redis.send(RedisCommand("ZSCAN", keys.finished, cursor, "MATCH", prefix + "*", "COUNT", "1000"))
                let parts = reply.array ?? []
                cursor = parts.first?.string ?? "0"
                let flat = parts.count > 1 ? parts[1].array ?? [] : []
                for member in stride(from: 0, to: flat.count, by: 2) {
                    guard let orderId = flat[member].string else { continue }
                    guard found.count < Self.prefixMaxMatches else {
                        complete = false
                        break shards
                    }
                    found.append((keys, orderId))
                }
                calls += 1
            } while cursor != "0" && calls < Self.prefixMaxScanCalls
            if cursor != "0" { complete = false }
        }
        let statuses = try await redis.checkedPipeline(found.map { RedisCommand("HGET", $0.keys.result($0.orderId), ResultField.status) })
        let matches = zip(found, statuses).map { OrderSearchModel.Match(queue: $0.keys.queue, orderId: $0.orderId, status: $1.string) }
        return OrderSearchModel(prefix: prefix, matches: matches.sorted { ($0.orderId, $0.queue) < ($1.orderId, $1.queue) }, complete: complete)
    }
}
