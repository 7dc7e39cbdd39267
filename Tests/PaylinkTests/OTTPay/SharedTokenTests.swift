import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Four providers with their own Redis and HTTP clients stand in for four worker processes.
struct SharedTokenTests {
    private static let fastOptions = SharedTokenOptions(
        pollInterval: .milliseconds(20), recheckInterval: .milliseconds(100), lockTimeout: .seconds(3),
        redisRetryInterval: .zero)

    /// A stand-in issuing tokens that live `tokenLifetime`, and four providers (four "processes")
    /// sharing its token through the test Redis.
    private static func fourProcesses(tokenLifetime: Duration, margin: Duration) async throws -> (TestMockAPI, TestTokenFleet) {
        let appId = TestTokenFleet.uniqueAppId()
        let mock = try await TestMockAPI.start(TestTokenFleet.mockConfiguration(appId: appId, tokenLifetime: tokenLifetime))
        do {
            let fleet = try TestTokenFleet(
                size: 4, appId: appId, mock: mock, redisURL: try await TestRedis.url(), margin: margin, options: fastOptions)
            return (mock, fleet)
        } catch {
            mock.stop()
            throw error
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func fleetMakesOneTokenCallPerExpiry() async throws {
        let (mock, fleet) = try await Self.fourProcesses(tokenLifetime: .seconds(3), margin: .seconds(1))
        defer {
            fleet.shutdown()
            mock.stop()
        }

        let start = ContinuousClock.now
        let end = start + .seconds(8)
        let (calls, links) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for (index, provider) in fleet.providers.enumerated() {
                for _ in 0..<8 {
                    group.addTask {
                        var calls = 0
                        while ContinuousClock.now < end {
                            #expect(!(try await provider.token()).isEmpty)
                            calls += 1
                            try await Task.sleep(for: .milliseconds(5))  // pacing, not waiting for an event
                        }
                        return (calls, 0)
                    }
                }
                let client = fleet.clients[index]
                group.addTask {
                    var links = 0
                    while ContinuousClock.now < end {
                        let outcome = await client.createPaymentLink(for: TestTokenFleet.order(index * 10_000 + links))
                        if case .failure(let failure) = outcome { Issue.record("pay call failed: \(failure)") }
                        links += 1
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    return (0, links)
                }
            }
            return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        let elapsed = ContinuousClock.now - start
        let tokenCalls = try await mock.stat("tokenCalls")
        // The first token, then one refresh each time a token enters its last second: every 2 s.
        let refreshes = Int(elapsed / .seconds(2))
        print("shared token: \(calls) token() calls, \(links) pay calls, \(tokenCalls) token calls in \(elapsed); per-process would be about \(4 * (refreshes + 1))")
        #expect(tokenCalls >= refreshes - 1)
        #expect(tokenCalls <= refreshes + 1)
        #expect(await fleet.fetchCount() == tokenCalls)
    }

    @Test(.timeLimit(.minutes(1)))
    func revokedTokenSeenByWholeFleetCausesOneTokenCall() async throws {
        let (mock, fleet) = try await Self.fourProcesses(tokenLifetime: .seconds(900), margin: .seconds(60))
        defer {
            fleet.shutdown()
            mock.stop()
        }

        var first: [Secret] = []
        for provider in fleet.providers { first.append(try await provider.token()) }
        #expect(Set(first.map { $0.reveal() }).count == 1)
        #expect(try await mock.stat("tokenCalls") == 1)

        let refused = first[0]
        try await mock.post("/mock/revoke-tokens")
        let renewed = try await withThrowingTaskGroup(of: String.self) { group in
            for provider in fleet.providers {
                group.addTask {
                    await provider.invalidate(refused)
                    return try await provider.token().reveal()
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(renewed.count == 1)
        #expect(renewed.first != refused.reveal())
        #expect(try await mock.stat("tokenCalls") == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func payCallsAfterRevocationRefreshTheFleetTokenOnce() async throws {
        let (mock, fleet) = try await Self.fourProcesses(tokenLifetime: .seconds(900), margin: .seconds(60))
        defer {
            fleet.shutdown()
            mock.stop()
        }
        for provider in fleet.providers { _ = try await provider.token() }

        try await mock.post("/mock/revoke-tokens")
        let failures = await Self.payOnce(fleet, from: 0)
        #expect(failures.isEmpty, "\(failures)")
        #expect(try await mock.stat("tokenCalls") == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func redisOutageFallsBackToPerProcessTokensAndRecovers() async throws {
        let redis = try await LocalRedisServer.start()
        defer { redis.stop() }
        let appId = TestTokenFleet.uniqueAppId()
        let mock = try await TestMockAPI.start(TestTokenFleet.mockConfiguration(appId: appId, tokenLifetime: .seconds(900)))
        defer { mock.stop() }
        let fleet = try TestTokenFleet(
            size: 2, appId: appId, mock: mock, redisURL: redis.url, margin: .seconds(60), options: Self.fastOptions
        ) { configuration in
            configuration.connectTimeout = .milliseconds(200)
            configuration.commandTimeout = .milliseconds(300)
            configuration.reconnectBackoffCap = .milliseconds(50)
        }
        defer { fleet.shutdown() }
        for provider in fleet.providers { _ = try await provider.token() }
        #expect(try await mock.stat("tokenCalls") == 1)

        // Redis gone: each process fetches its own token and payments go on.
        redis.kill()
        try await mock.post("/mock/revoke-tokens")
        var failures = await Self.payOnce(fleet, from: 100)
        #expect(failures.isEmpty, "\(failures)")
        #expect(try await mock.stat("tokenCalls") == 3)

        // Redis back: the next refresh is shared again.
        try await redis.restart()
        for client in fleet.redis {
            try await poll(timeout: .seconds(10), "client reconnected") {
                (try? await client.send(RedisCommand("PING"))) != nil
            }
        }
        try await mock.post("/mock/revoke-tokens")
        failures = await Self.payOnce(fleet, from: 200)
        #expect(failures.isEmpty, "\(failures)")
        #expect(try await mock.stat("tokenCalls") == 4)
    }

    /// One pay call from each process, all at once (so all may see the same refusal); returns
    /// the failures.
    private static func payOnce(_ fleet: TestTokenFleet, from base: Int) async -> [PayFailure] {
        await withTaskGroup(of: PayFailure?.self) { group in
            for (index, client) in fleet.clients.enumerated() {
                group.addTask {
                    if case .failure(let failure) = await client.createPaymentLink(for: TestTokenFleet.order(base + index)) {
                        return failure
                    }
                    return nil
                }
            }
            return await group.reduce(into: []) { if let failure = $1 { $0.append(failure) } }
        }
    }
}
