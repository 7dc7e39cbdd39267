public import PaylinkRedis

/// The dead list and retention, for `paylink dead` and the workers' housekeeping.
extension OrderQueue {
    /// Dead entries, oldest first.
    public func deadLetters(limit: Int = 100) async throws(RedisError) -> [DeadLetter] {
        let ids = (try await redis.send(RedisCommand("ZRANGE", keys.dead, "0", String(max(limit, 1) - 1))).array ?? [])
            .compactMap(\.string)
        return try await deadLetters(ids: ids)
    }

    /// Sends the given dead entries (orderIds, or `job:<id>`) through the queue again.
    /// - Returns: how many went back.
    @discardableResult
    public func retryDead(_ ids: [String]) async throws(RedisError) -> Int {
        guard !ids.isEmpty else { return 0 }
        let reply = try await redis.run(
            QueueScripts.retryDead, keys: keys, items: ids, arguments: ids)
        return Int(reply.int ?? 0)
    }

    /// Sends every dead entry through the queue again, in batches: the entries there when it
    /// starts, each at most once, so orders that die again meanwhile are not sent round again.
    @discardableResult
    public func retryAllDead() async throws(RedisError) -> Int {
        // Entries are scored by the ms they died; later ones are left for the next run.
        let time = try await redis.send(RedisCommand("TIME")).array ?? []
        let seconds = Int64(time.first?.string ?? "") ?? 0
        let micros = Int64(time.last?.string ?? "") ?? 0
        // Redis's own clock, read as text: no arithmetic on it can overflow.
        let cutoff = seconds > 0 && (0..<1_000_000).contains(micros) ? "\(seconds)\(String(1_000_000 + micros).dropFirst().prefix(3))" : "+inf"
        var done: Set<String> = []
        var total = 0
        while true {
            let page = (try await redis.send(RedisCommand("ZRANGEBYSCORE", keys.dead, "-inf", cutoff, "LIMIT", "0", "500")).array ?? [])
                .compactMap(\.string)
            let ids = page.filter { !done.contains($0) }
            guard !ids.isEmpty else { return total }
            done.formUnion(ids)
            total += try await retryDead(ids)
        }
    }

    /// Removes dead entries older than `age` (nil: every entry).
    /// - Returns: how many were removed.
    @discardableResult
    public func purgeDead(olderThan age: Duration?) async throws(RedisError) -> Int {
        try await trim(retention: Retention(deadMaxAge: age ?? .zero, deadMaxCount: nil, resultMaxAge: nil, resultMaxCount: nil)).dead
    }

    /// Deletes the given dead entries (orderIds, or `job:<id>`) for good.
    /// - Returns: how many were in the dead list.
    @discardableResult
    public func purgeDead(_ ids: [String]) async throws(RedisError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return Int(try await redis.run(QueueScripts.purgeDead, keys: keys, arguments: ids).int ?? 0)
    }

    /// Newest first: up to `count` dead entries from position `offset` (0 is the newest), for paging.
    public func deadLetters(newestFrom offset: Int, count: Int) async throws(RedisError) -> [DeadLetter] {
        guard count > 0, offset >= 0 else { return [] }
        let ids = (try await redis.send(RedisCommand("ZREVRANGE", keys.dead, String(offset), String(offset + count - 1))).array ?? [])
            .compactMap(\.string)
        return try await deadLetters(ids: ids)
    }

    /// The dead entries with these IDs that exist.
    public func deadLetters(ids: [String]) async throws(RedisError) -> [DeadLetter] {
        guard !ids.isEmpty else { return [] }
        let records = try await redis.send(RedisCommand("HMGET", arguments: [keys.deadLetters] + ids)).array ?? []
        return records.compactMap { $0.bytes.flatMap(DeadLetter.init(record:)) }
    }

    /// Applies the retention limits once, in bounded batches, until nothing more is over them
    /// or `maxRounds` batches of each kind have run (the rest waits for the next call).
    /// - Returns: how many dead entries and results were removed.
    @discardableResult
    public func trim(retention: Retention, batch: Int = 1000, maxRounds: Int = .max) async throws(RedisError) -> (dead: Int, results: Int) {
        var rounds = 0
        var removed = (dead: 0, results: 0)
        if let age = retention.eventMaxAge {
            // Stream IDs start with the entry's Unix ms, so an ID bound is an age bound.
            let time = try await redis.send(RedisCommand("TIME")).array ?? []
            // Redis's clock in seconds, range-checked: a bad reply trims nothing rather than trapping.
            if let seconds = Int64(time.first?.string ?? ""), (0...Int64(1) << 40).contains(seconds) {
                let minimum = seconds * 1000 - min(age.milliseconds, seconds * 1000)
                _ = try await redis.send(RedisCommand("XTRIM", keys.events, "MINID", "~", String(minimum)))
            }
        }
        while true {
            let dead = try await redis.run(
                QueueScripts.trimDead, keys: keys,
                arguments: [Self.limit(retention.deadMaxAge?.milliseconds), Self.limit(retention.deadMaxCount.map(Int64.init)), Int64(batch)])
            let results = try await redis.run(
                QueueScripts.trimResults, keys: keys,
                arguments: [Self.limit(retention.resultMaxAge?.milliseconds), Self.limit(retention.resultMaxCount.map(Int64.init)), Int64(batch)])
            let deadCount = Int(dead.int ?? 0)
            let resultCount = Int(results.int ?? 0)
            removed.dead += deadCount
            removed.results += resultCount
            rounds += 1
            if deadCount < batch && resultCount < batch || rounds >= maxRounds { return removed }
        }
    }

    private static func limit(_ value: Int64?) -> String { value.map { String($0) } ?? "-1" }
}
