@testable import Paylink
import PaylinkRedis
import Testing

/// The throughput hashes the settling scripts keep, against a real Redis: what they count, how
/// they stay inside their windows, and what the reader makes of a hash someone edited.
@Suite(.timeLimit(.minutes(1)))
struct ThroughputTests {
    static let minute = ThroughputLayout.minuteMilliseconds
    static let day = ThroughputLayout.dayMilliseconds

    /// Pushes, claims and settles orders: one result per id, `succeeded` unless `failed` names it.
    func settle(_ f: QueueFixture, _ ids: [String], failed: Set<String> = [], status: OrderStatus? = nil) async throws {
        for id in ids { try await f.push(id) }
        let jobs = try await f.claim(100)
        #expect(jobs.count == ids.count)
        let results = jobs.map { job in
            let id = (try? OrderParser.parse(job.element).get().orderId) ?? ""
            if let status { return (job, OrderResult(orderId: id, status: status, fields: [])) }
            return (job, failed.contains(id) ? QueueFixture.failed(id) : QueueFixture.succeeded(id, paymentId: "P-\(id)"))
        }
        #expect(try await f.queue.acknowledge(results).allSatisfy { $0 })
    }

    /// Every bucket of a series added up (a test may straddle a minute's end).
    func sum(_ series: ThroughputSeries) -> ThroughputBucket {
        var total = ThroughputBucket(start: 0)
        for bucket in series.buckets { total.add(bucket) }
        return total
    }

    func fields(_ f: QueueFixture, _ key: String) async throws -> [String: String] {
        OrderQueue.pairs(try await f.redis.send(RedisCommand("HGETALL", key)))
    }

    func redisNow(_ f: QueueFixture) async throws -> Int64 {
        try #require(try await RedisClock.read(f.redis)).now
    }

    @Test func countsPerMinuteAndDayMatchTheOrdersSettled() async throws {
        let f = try await QueueFixture.make("tp-count")
        defer { f.close() }
        try await settle(f, (1...7).map { "s-\($0)" }, failed: ["s-2", "s-5"])
        try await f.queue.enqueue([Array("not json".utf8)])
        let unreadable = try #require(try await f.claim().first)
        try await f.queue.reject(unreadable, reason: "not an order")

        let minutes = try await f.queue.throughput(minutes: 5)
        #expect(minutes.buckets.count == 5 && minutes.bucketMilliseconds == Self.minute)
        #expect(minutes.buckets.last?.start == minutes.now - minutes.now % Self.minute)
        #expect(zip(minutes.buckets, minutes.buckets.dropFirst()).allSatisfy { $1.start - $0.start == Self.minute })
        let counted = sum(minutes)
        #expect(counted.succeeded == 5 && counted.failed == 2 && counted.rejected == 1 && counted.invalid == 0)
        #expect(counted.total == 8 && minutes.problems.isEmpty && minutes.skippedFields == 0)

        let days = try await f.queue.dailyHistory(days: 30)
        #expect(days.buckets.count == 30 && days.bucketMilliseconds == Self.day)
        #expect(days.buckets.last.map { $0.start % Self.day == 0 && $0.start <= days.now } == true)
        #expect(sum(days) == counted.with(start: 0))
        // A settle that stores nothing new (the same link again) counts nothing.
        #expect(try await f.queue.acknowledgeReporting([(unreadable, QueueFixture.succeeded("s-1", paymentId: "P-s-1"))]) == [.notHeld])
        #expect(sum(try await f.queue.throughput(minutes: 5)).total == 8)
    }

    @Test func operatorPathsCountOutcomesAsTheyHappen() async throws {
        let f = try await QueueFixture.make("tp-operator")
        defer { f.close() }
        try await settle(f, ["u-1", "u-2"], status: .unknown)
        try await settle(f, ["d-1"], failed: ["d-1"])
        #expect(try await f.queue.resolveUnknown(orderId: "u-1", as: .fail, message: "no link at OTT Pay"))
        #expect(try await f.queue.resolveUnknown(orderId: "u-2", as: .retry, message: "send again"))
        #expect(try await f.queue.retryDead(["d-1"]) == 1)
        var counted = sum(try await f.queue.throughput(minutes: 2))
        // Parked twice, failed twice (one by the API, one by the operator); the retries take nothing back.
        #expect(counted.unknown == 2 && counted.failed == 2 && counted.succeeded == 0)
        // The two sent again, now ending: each counts again.
        let jobs = try await f.claim()
        #expect(jobs.count == 2)
        _ = try await f.queue.acknowledge(jobs.map { job in
            let id = (try? OrderParser.parse(job.element).get().orderId) ?? ""
            return (job, QueueFixture.succeeded(id, paymentId: "P-\(id)"))
        })
        counted = sum(try await f.queue.throughput(minutes: 2))
        #expect(counted.unknown == 2 && counted.failed == 2 && counted.succeeded == 2)
    }

    @Test func theClaimCountsWhatItSettles() async throws {
        let f = try await QueueFixture.make("tp-claim")
        defer { f.close() }
        // Too large to be an order, and no orderId readable: the claim sends it to the dead list.
        let huge = "[" + String(repeating: "1,", count: OrderParser.maxElementBytes) + "1]"
        try await f.queue.enqueue([Array(huge.utf8)])
        #expect(try await f.claim().isEmpty)
        #expect(sum(try await f.queue.throughput(minutes: 2)).rejected == 1)
    }

    @Test func twoShardsAreSummed() async throws {
        let f = try await QueueFixture.make("tp-shards")
        defer { f.close() }
        let shards = try QueueShards(queue: f.queue.keys.queue, count: 2)
        var expected = [0, 0]
        for (index, keys) in shards.shards.enumerated() {
            let shard = QueueFixture(redis: f.redis, queue: OrderQueue(keys: keys, redis: f.redis))
            let ids = (0..<(3 + index)).map { "sh\(index)-\($0)" }
            try await settle(shard, ids, failed: [ids[0]])
            expected[index] = ids.count
            #expect(sum(try await shard.queue.throughput(minutes: 3)).total == ids.count)
        }
        let minutes = sum(try await shards.throughput(minutes: 3, redis: f.redis))
        #expect(minutes.total == expected[0] + expected[1] && minutes.failed == 2 && minutes.succeeded == 5)
        #expect(sum(try await shards.dailyHistory(days: 2, redis: f.redis)) == minutes)
    }

    @Test func aNewMinuteDropsTheMinutesThatFellOutOfTheWindow() async throws {
        let f = try await QueueFixture.make("tp-trim")
        defer { f.close() }
        let key = f.queue.keys.throughputMinutes
        let kept = Int64(ThroughputLayout.minutesKept)
        let current = try await redisNow(f) / Self.minute * Self.minute
        let previous = current - Self.minute
        // As the scripts would have left it a minute ago: the window of `previous`.
        var seeded: [String] = [ThroughputLayout.latestField, String(previous)]
        for back in [kept - 1, kept - 2, 10, 0] {
            seeded += [ThroughputLayout.field(start: previous - back * Self.minute, outcome: .succeeded), "4"]
        }
        _ = try await f.redis.send(RedisCommand("HSET", arguments: [key] + seeded))
        try await settle(f, ["t-1"])

        let stored = try await fields(f, key)
        let latest = try #require(stored[ThroughputLayout.latestField].flatMap { Int64($0) })
        #expect(latest >= current, "the settle created a bucket past the old latest")
        for name in stored.keys where name != ThroughputLayout.latestField {
            let start = try #require(ThroughputSeries.parse(name, bucketMilliseconds: Self.minute)).0
            #expect(start > latest - kept * Self.minute && start <= latest, "\(name) is outside the window of \(latest)")
        }
        #expect(stored[ThroughputLayout.field(start: previous - (kept - 1) * Self.minute, outcome: .succeeded)] == nil)
        #expect(stored[ThroughputLayout.field(start: previous - 10 * Self.minute, outcome: .succeeded)] == "4")
        #expect(stored.count <= ThroughputLayout.minutesKept * ThroughputOutcome.allCases.count + 1)
    }

    @Test func aQuietSpellLongerThanTheWindowStartsTheHashAgain() async throws {
        let f = try await QueueFixture.make("tp-quiet")
        defer { f.close() }
        let current = try await redisNow(f) / Self.day * Self.day
        let long = current - Int64(ThroughputLayout.daysKept + 5) * Self.day
        _ = try await f.redis.send(RedisCommand(
            "HSET", f.queue.keys.throughputDays, ThroughputLayout.latestField, String(long),
            ThroughputLayout.field(start: long, outcome: .failed), "9", ThroughputLayout.field(start: long - Self.day, outcome: .succeeded), "3"))
        try await settle(f, ["q-1", "q-2"])
        let stored = try await fields(f, f.queue.keys.throughputDays)
        let latest = try #require(stored[ThroughputLayout.latestField])
        #expect(stored.count == 2 && stored[latest + ThroughputLayout.separator + "succeeded"] == "2", "\(stored)")
    }

    @Test func hostileFieldsAreSkippedAndReportedAndHostileValuesReplaced() async throws {
        let f = try await QueueFixture.make("tp-hostile")
        defer { f.close() }
        let key = f.queue.keys.throughputMinutes
        let current = try await redisNow(f) / Self.minute * Self.minute
        let previous = current - Self.minute
        _ = try await f.redis.send(RedisCommand(
            "HSET", key, ThroughputLayout.latestField, String(previous),
            ThroughputLayout.field(start: previous, outcome: .succeeded), "not a number",
            ThroughputLayout.field(start: previous, outcome: .failed), "9223372036854775807",
            ThroughputLayout.field(start: previous - Self.minute, outcome: .failed), "9223372036854775807",
            ThroughputLayout.field(start: previous, outcome: .invalid), "-5",
            "-60000:succeeded", "1", "\(previous):refunded", "1", "\(previous + 1):failed", "1", "garbage", "1"))

        let read = try await f.queue.throughput(minutes: 5)
        #expect(read.skippedFields == 6 && read.problems.count == 6, "\(read.problems)")
        #expect(read.problems.contains { $0.contains("'-60000:succeeded'") })
        #expect(read.problems.contains { $0.contains("not a count") })
        #expect(sum(read).failed == Int.max, "huge counts saturate instead of trapping")

        // The bucket being counted holds a value that is not a count, or one at the limit (this
        // minute's and the next, should the minute end meanwhile): each is replaced.
        var edited = [key]
        for start in [current, current + Self.minute] {
            edited += [ThroughputLayout.field(start: start, outcome: .succeeded), "x"]
            edited += [ThroughputLayout.field(start: start, outcome: .failed), "9223372036854775807"]
        }
        _ = try await f.redis.send(RedisCommand("HSET", arguments: edited))
        try await settle(f, ["h-1", "h-2"], failed: ["h-2"])
        #expect(try await f.result("h-1")[ResultField.status] == "succeeded", "the settle itself stands")
        let replaced = try await fields(f, key)
        let bucket = try #require(replaced[ThroughputLayout.latestField])
        #expect(replaced[bucket + ThroughputLayout.separator + "succeeded"] == "1")
        #expect(replaced[bucket + ThroughputLayout.separator + "failed"] == "1")
        #expect(try await fields(f, f.queue.keys.counts)[CountsField.bookkeepingErrors.rawValue] == "2")

        // A `latest` that is not a bucket start: the next bucket created (here a first `invalid`)
        // cannot tell what is in the window, so the hash starts again.
        _ = try await f.redis.send(RedisCommand("HSET", key, ThroughputLayout.latestField, "soon"))
        try await settle(f, ["h-3"], status: .invalid)
        let restarted = try await fields(f, key)
        let start = try #require(restarted[ThroughputLayout.latestField].flatMap { Int64($0) })
        #expect(restarted == [ThroughputLayout.latestField: String(start), ThroughputLayout.field(start: start, outcome: .invalid): "1"])

        await #expect(throws: ConfigurationError.self) { try await f.queue.throughput(minutes: 0) }
        await #expect(throws: ConfigurationError.self) { try await f.queue.throughput(minutes: ThroughputLayout.minutesKept + 1) }
        await #expect(throws: ConfigurationError.self) { try await f.queue.dailyHistory(days: -3) }
    }

    @Test func aHashOfTheWrongTypeCountsABookkeepingErrorAndTheSettleStands() async throws {
        let f = try await QueueFixture.make("tp-wrongtype")
        defer { f.close() }
        _ = try await f.redis.send(RedisCommand("SET", f.queue.keys.throughputMinutes, "a string"))
        try await settle(f, ["w-1"])
        #expect(try await f.result("w-1")[ResultField.status] == "succeeded")
        let counts = try await fields(f, f.queue.keys.counts)
        #expect(counts[CountsField.bookkeepingErrors.rawValue] == "1")
        #expect(sum(try await f.queue.dailyHistory(days: 1)).succeeded == 1, "the day hash still counted")
    }
}

extension ThroughputBucket {
    func with(start: Int64) -> ThroughputBucket {
        var copy = self
        copy.start = start
        return copy
    }
}
