import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// Limiters for one fresh merchant on the shared test Redis, one client per stand-in process.
struct LimiterFixture {
    let redis: [RedisClient]
    let limiters: [FleetRateLimiter]
    let keys: RateLimitKeys
    let merchant: String

    static func make(processes: Int, _ configuration: RateLimitConfiguration) async throws -> LimiterFixture {
        let merchant = TestRedis.uniqueQueue("m")
        var clients: [RedisClient] = []
        for index in 0..<processes { clients.append(try await TestRedis.client(name: "lim\(index)")) }
        let limiters = try clients.map {
            try FleetRateLimiter(redis: $0, merchant: merchant, configuration: configuration, logger: TestRedis.logger)
        }
        return LimiterFixture(redis: clients, limiters: limiters, keys: try RateLimitKeys(merchant: merchant), merchant: merchant)
    }

    func close() { for client in redis { client.shutdown() } }

    func field(_ name: String) async throws -> Int64? {
        try await redis[0].send(RedisCommand("HGET", keys.limit, name)).int
    }

    /// The most timestamps (µs, sorted) in any half-open window of `width`.
    static func busiestWindow(_ sorted: [Int64], width: Int64) -> Int {
        var start = 0
        var busiest = 0
        for end in sorted.indices {
            while sorted[end] - sorted[start] >= width { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        return busiest
    }
}

/// Grants seen by concurrent tasks. Locking: `lock` guards `all`.
final class Grants: @unchecked Sendable {
    struct Grant {
        let id: String
        let slot: Int64
        let at: ContinuousClock.Instant
    }
    private let lock = NSLock()
    private var grants: [Grant] = []

    func add(_ permit: RatePermit, at instant: ContinuousClock.Instant) {
        lock.withLock { grants.append(Grant(id: permit.id, slot: permit.slot, at: instant)) }
    }

    var all: [Grant] { lock.withLock { grants } }
}

/// Calls in progress now, the most at once, and how many ran. Locking: `lock` guards the fields.
final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var peakValue = 0
    private var count = 0

    func enter() {
        lock.withLock {
            current += 1
            count += 1
            peakValue = max(peakValue, current)
        }
    }

    func leave() { lock.withLock { current -= 1 } }
    var peak: Int { lock.withLock { peakValue } }
    var total: Int { lock.withLock { count } }
}
