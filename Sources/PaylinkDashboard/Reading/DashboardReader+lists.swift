public import Paylink
public import PaylinkRedis

extension DashboardReader {
    /// Dead entries a filtered page examines at most: the rest is the next page's (`nextOffset`).
    public static let deadMaxScan = 5_000
    /// Parked orders read and sorted at most per request; past it the page says `complete: false`.
    public static let unknownMaxSorted = 10_000
    /// Largest page.
    public static let maxPageSize = 500

    /// A page of the dead list, newest first, from `offset`; with filters, the entries
    /// examined stop at ``deadMaxScan``.
    public func deadPage(
        queue keys: QueueKeys, offset: Int, limit: Int, errorCode: String?, batchId: String?
    ) async throws(RedisError) -> DeadPageModel {
        let queue = OrderQueue(keys: keys, redis: redis)
        let total = Int(try await redis.send(RedisCommand("ZCARD", keys.dead)).int ?? 0)
        let filtered = errorCode != nil || batchId != nil
        var entries: [DeadPageModel.Entry] = []
        var position = offset
        var scanned = 0
        while entries.count < limit, position < total, scanned < (filtered ? Self.deadMaxScan : limit) {
            let chunk = filtered ? min(500, Self.deadMaxScan - scanned) : limit - entries.count
            let letters = try await queue.deadLetters(newestFrom: position, count: chunk)
            // Counted by position, not by records read: a missing record still takes its place.
            let taken = min(chunk, total - position)
            for letter in letters where entries.count < limit {
                let batch = Self.batchId(ofElement: letter.element)
                if let errorCode, letter.errorCode != errorCode { continue }
                if let batchId, batch != batchId { continue }
                entries.append(.init(entry: DeadEntryOutput(letter, withElement: true), batchId: batch))
            }
            position += taken
            scanned += taken
            if letters.isEmpty && taken <= 0 { break }
        }
        let next = position < total ? position : nil
        return DeadPageModel(
            queue: keys.queue, total: total, offset: offset, limit: limit, errorCode: errorCode, batchId: batchId, entries: entries,
            nextOffset: next, scanned: scanned)
    }

    /// A page of the parked orders, newest first by `updatedAt`: up to ``unknownMaxSorted`` of
    /// them read (`HSCAN`), their results' times and codes in one pipeline, sorted, filtered.
    public func unknownPage(
        queue keys: QueueKeys, offset: Int, limit: Int, errorCode: String?, batchId: String?
    ) async throws(RedisError) -> UnknownPageModel {
        let total = Int(try await redis.send(RedisCommand("HLEN", keys.unknown)).int ?? 0)
        var orderIds: [String] = []
        var seen: Set<String> = []
        var cursor = "0"
        repeat {
            let reply = try await redis.send(RedisCommand("HSCAN", keys.unknown, cursor, "COUNT", "1000"))
            let parts = reply.array ?? []
            cursor = parts.first?.string ?? "0"
            let flat = parts.count > 1 ? parts[1].array ?? [] : []
            for index in stride(from: 0, to: flat.count, by: 2) {
                // HSCAN may return an entry twice while the hash is rehashed.
                if let orderId = flat[index].string, orderIds.count < Self.unknownMaxSorted, seen.insert(orderId).inserted {
                    orderIds.append(orderId)
                }
            }
        } while cursor != "0" && orderIds.count < Self.unknownMaxSorted
        let complete = cursor == "0"
        let summaries = try await redis.checkedPipeline(orderIds.map {
            RedisCommand("HMGET", keys.result($0), ResultField.updatedAt, ResultField.errorCode, ResultField.batchId)
        })
        var rows: [(orderId: String, updatedAt: Int64)] = []
        for (orderId, reply) in zip(orderIds, summaries) {
            let values = reply.array ?? []
            let code = values.count > 1 ? values[1].string : nil
            let batch = values.count > 2 ? values[2].string : nil
            if let errorCode, code != errorCode { continue }
            if let batchId, batch != batchId { continue }
            rows.append((orderId, values.first?.string.flatMap { Int64($0) } ?? 0))
        }
        // Newest first; orderId breaks ties so pages do not overlap.
        rows.sort { $0.updatedAt != $1.updatedAt ? $0.updatedAt > $1.updatedAt : $0.orderId < $1.orderId }
        let page = rows.dropFirst(offset).prefix(limit).map(\.orderId)
        var commands: [RedisCommand] = []
        for orderId in page { commands += [RedisCommand("HGETALL", keys.result(orderId)), RedisCommand("HGET", keys.unknown, orderId)] }
        let replies = try await redis.checkedPipeline(commands)
        let entries = page.enumerated().map { index, orderId in
            UnknownPageModel.Entry(
                orderId: orderId, result: ResultFieldsOutput(fields: OrderQueue.pairs(replies[index * 2])), element: replies[index * 2 + 1].string)
        }
        let next = offset + page.count < rows.count ? offset + page.count : nil
        return UnknownPageModel(
            queue: keys.queue, total: total, offset: offset, limit: limit, errorCode: errorCode, batchId: batchId, entries: entries,
            nextOffset: next, complete: complete)
    }

    /// The `batchId` member of an order element, when it reads as one.
    static func batchId(ofElement element: String) -> String? {
        guard element.utf8.count <= OrderParser.maxElementBytes, let document = try? JSONValue.parse(Array(element.utf8)) else { return nil }
        return document.objectValue?["batchId"]?.stringValue
    }
}
