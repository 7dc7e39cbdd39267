import Foundation
import HTTPTypes
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// The overview reads O(1) counts only, so it answers as fast over a million results as over
/// none. Its own redis-server: seeding would otherwise crowd the shared one's other tests.
struct DashboardOverviewSpeedTests {
    /// Results seeded. `PAYLINK_DASHBOARD_SPEED_RESULTS` overrides it;
    /// Benchmarks/run-dashboard-overview.sh runs 1,000,000.
    static var results: Int {
        ProcessInfo.processInfo.environment["PAYLINK_DASHBOARD_SPEED_RESULTS"].flatMap { Int($0) }.map { min(max($0, 1), 5_000_000) } ?? 200_000
    }

    /// Writes `count` succeeded result hashes, their `finished` index and `counts`, 20,000 a script.
    static func seed(_ keys: QueueKeys, count: Int, redis: RedisClient) async throws {
        let script = """
            local prefix, first, last, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
            for i = first, last do
              local id = 'S-' .. i
              redis.call('HSET', prefix .. id, 'orderId', id, 'status', 'succeeded', 'payInfo', 'https://pay.example/' .. i,
                'paymentId', 'p' .. i, 'attempts', '1', 'createdAt', now, 'updatedAt', now, 'finishedAt', now)
              redis.call('ZADD', KEYS[1], now, id)
            end
            redis.call('HINCRBY', KEYS[2], 'succeeded', last - first + 1)
            return last - first + 1
            """
        let prefix = keys.result("")
        var first = 0
        while first < count {
            let last = min(first + 20_000, count) - 1
            _ = try await redis.send(RedisCommand("EVAL", script, "2", keys.finished, keys.counts, prefix, String(first), String(last), "1796000000000"))
            first = last + 1
        }
    }

    @Test func overviewOfManyResultsAnswersUnder100ms() async throws {
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        try await DashboardHarness.run(redisURL: server.url) { dash in
            let started = ContinuousClock.now
            try await Self.seed(dash.queue.keys, count: Self.results, redis: dash.redis)
            let seeding = ContinuousClock.now - started
            var times: [Duration] = []
            for _ in 0..<20 {
                let before = ContinuousClock.now
                let answer = try await dash.get("/api/overview")
                times.append(ContinuousClock.now - before)
                #expect(answer.status == .ok)
                let total = (answer.json["queues"] as? [[String: Any]])?.first?["total"] as? [String: Any]
                #expect((total?["results"] as? [String: Int])?["succeeded"] == Self.results)
            }
            times.sort()
            print("dashboard overview over \(Self.results) results: median \(times[10]), max \(times[19]) (seeded in \(seeding))")
            #expect(times[10] < .milliseconds(100))
            #expect(times[18] < .milliseconds(100))
        }
    }
}
