import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaylinkDashboard
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `/livez` and `/readyz`: open to probes whatever the sign-in, without sessions or caching.
struct DashboardHealthTests {
    @Test(arguments: [(false, false, false), (true, false, false), (false, true, false), (true, true, true)])
    func bothAnswerWithoutCredentialsOrCookies(users: Bool, token: Bool, readOnly: Bool) async throws {
        try await DashboardHarness.run(readOnly: readOnly, users: users, token: token) { dash in
            for (path, body) in [("/livez", "ok"), ("/readyz", "ready")] {
                let answer = try await dash.get(path)
                #expect(answer.status == .ok, "\(path): \(answer.text)")
                #expect(answer.text == body + "\n")
                #expect(answer.headers[.setCookie] == nil, "\(path)")
                #expect(answer.headers[.cacheControl] == "no-store", "\(path)")
            }
            if users || token { #expect(try await dash.get("/api/overview").status == .unauthorized) }
        }
    }

    @Test func readyzIs503AndLivezStays200WhenRedisIsUnreachable() async throws {
        try await RefusingPort.with { port in
            var redisConfiguration = RedisConfiguration(url: try RedisURL("redis://user:hunter2@127.0.0.1:\(port)/0"))
            redisConfiguration.name = "dashboard-health-test"
            let redis = RedisClient(configuration: redisConfiguration, logger: TestRedis.logger)
            defer { redis.shutdown() }
            let configuration = try DashboardHarness.configuration(queue: TestRedis.uniqueQueue("dash"), users: true)
            let dashboard = try Dashboard(configuration: configuration, redis: redis, logger: TestRedis.logger)
            try await DashboardServer(dashboard: dashboard).makeApplication().test(.live) { client in
                let clock = ContinuousClock()
                let start = clock.now
                let ready = try await client.execute(uri: "/readyz", method: .get, headers: [:], body: nil)
                #expect(clock.now - start < .seconds(4))
                let text = String(buffer: ready.body)
                #expect(ready.status == .serviceUnavailable, "\(text)")
                #expect(text.hasPrefix("redis: "), "\(text)")
                #expect(!text.contains("hunter2") && !text.contains("127.0.0.1") && !text.contains("\(port)"), "\(text)")
                #expect(ready.headers[.setCookie] == nil)
                #expect(ready.headers[.cacheControl] == "no-store")
                let live = try await client.execute(uri: "/livez", method: .get, headers: [:], body: nil)
                #expect(live.status == .ok)
            }
        }
    }
}
