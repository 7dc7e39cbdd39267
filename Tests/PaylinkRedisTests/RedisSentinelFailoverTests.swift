import Foundation
import Logging
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

/// A `RedisClient` on a `redis-sentinel://` URL follows the master: through `SENTINEL FAILOVER`,
/// past a stale answer (`ROLE`), and out of a blocked `BLMOVE` when `+switch-master` arrives.
@Suite(.timeLimit(.minutes(2)))
struct RedisSentinelFailoverTests {
    static func configuration(_ topology: SentinelTopology, name: String = "sentinel-test") throws -> RedisConfiguration {
        RedisConfiguration(
            url: try RedisURL(topology.url()), connectTimeout: .milliseconds(500), commandTimeout: .seconds(5),
            reconnectBackoffBase: .milliseconds(20), reconnectBackoffCap: .milliseconds(200), name: name)
    }

    static var logger: Logger {
        var logger = Logger(label: "test.sentinel")
        logger.logLevel = .error
        return logger
    }

    @Test func commandsReachTheNewMasterAfterSentinelFailover() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let client = RedisClient(configuration: try Self.configuration(topology), logger: Self.logger)
        defer { client.shutdown() }
        let key = uniqueKey()
        _ = try await client.send(RedisCommand("SET", key, "before"))
        #expect(client.endpoint == "sentinel:m/0")

        let sentinel = topology.sentinelClient()
        defer { sentinel.shutdown() }
        _ = try await sentinel.send(RedisCommand("SENTINEL", "FAILOVER", SentinelTopology.masterName))
        try await topology.waitForMaster(topology.nodes[1])
        // Until the sentinels demote the old master it still takes writes, and loses them then:
        // the asynchronous-replication window the contract describes. Write after it.
        try await topology.waitForReplica(topology.nodes[0])

        // The first write may meet the demoted master (-READONLY): it must fail as "not run",
        // never as a refusal the caller would take for final.
        var errors: [RedisError] = []
        var written = false
        for _ in 0..<20 where !written {
            do {
                _ = try await client.send(RedisCommand("SET", key, "after"))
                written = true
            } catch {
                errors.append(error)
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(written, "\(errors)")
        #expect(errors.allSatisfy { $0.code == .connectionFailed || $0.code == .connectionLost }, "\(errors)")
        let direct = try await TestRedis.client(topology.nodes[1].url)
        defer { direct.shutdown() }
        #expect(try await direct.send(RedisCommand("GET", key)).string == "after")
    }

    /// The old master takes writes from the promotion of the replica until its own demotion,
    /// and the demotion discards them: a second or more of acknowledged writes before the
    /// watcher followed the leader's `+failover-state-send-slaveof-noone`. A writer counting
    /// with INCR sees a discarded write as a reply that goes back.
    @Test func acknowledgedWritesSurviveSentinelFailover() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let client = RedisClient(configuration: try Self.configuration(topology), logger: Self.logger)
        defer { client.shutdown() }
        let key = uniqueKey()
        let writer = Task {
            var replies: [Int64] = []
            while !Task.isCancelled {
                if let reply = try? await client.send(RedisCommand("INCR", key)).int { replies.append(reply) }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return replies
        }
        try await Task.sleep(for: .milliseconds(300))
        let sentinel = topology.sentinelClient()
        defer { sentinel.shutdown() }
        _ = try await sentinel.send(RedisCommand("SENTINEL", "FAILOVER", SentinelTopology.masterName))
        try await topology.waitForMaster(topology.nodes[1])
        try await topology.waitForReplica(topology.nodes[0])
        try await Task.sleep(for: .milliseconds(300))
        writer.cancel()
        let replies = await writer.value
        var discarded: Int64 = 0
        for (previous, next) in zip(replies, replies.dropFirst()) where next <= previous { discarded += previous - next + 1 }
        print("sentinel-failover: \(replies.count) INCRs acknowledged, \(discarded) discarded by the demotion")
        #expect(replies.count > 500, "the writer kept writing through the failover")
        // The fence narrows the window, it does not close it: runs on 2026-12-07 saw 0, 0, 134 and
        // 192 discarded (the last under the parallel suite), against 618 with the fence turned
        // off. What is left is absorbed by the recent links and the flags (SentinelFleetTests).
        #expect(discarded < 400, "\(discarded) acknowledged writes discarded")
    }

    @Test func aStaleAnswerNamingAReplicaIsCheckedWithROLEAndAskedAgain() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let configuration = try Self.configuration(topology)
        let resolver = try #require(configuration.resolver)
        let replica = RedisNodeAddress(host: "127.0.0.1", port: topology.nodes[1].port)
        // As if the sentinels had named the replica (their view lagging a failover).
        resolver.switchMaster(to: replica, logger: Self.logger)
        let client = RedisClient(configuration: configuration, logger: Self.logger)
        defer { client.shutdown() }
        let key = uniqueKey()
        _ = try await client.send(RedisCommand("SET", key, "1"))
        #expect(resolver.current?.address == RedisNodeAddress(host: "127.0.0.1", port: topology.nodes[0].port))
        let direct = try await TestRedis.client(topology.nodes[0].url)
        defer { direct.shutdown() }
        #expect(try await direct.send(RedisCommand("GET", key)).string == "1")
    }

    @Test func aBlockedBLMOVEReturnsSoonAfterSwitchMasterNotAfterItsTimeout() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let configuration = try Self.configuration(topology)
        var waitConfiguration = configuration
        waitConfiguration.name = "sentinel-wait"
        let client = RedisClient(configuration: configuration, logger: Self.logger)
        let blocking = RedisClient(configuration: waitConfiguration, logger: Self.logger)
        defer {
            client.shutdown()
            blocking.shutdown()
        }
        let key = uniqueKey()
        _ = try await client.send(RedisCommand("DEL", key))
        let blocked = Task {
            let start = ContinuousClock.now
            _ = try? await blocking.send(RedisCommand("BLMOVE", key, key, "RIGHT", "RIGHT", "30"), blockingFor: .seconds(30))
            return ContinuousClock.now - start
        }
        let master = topology.nodes[0]
        let admin = try await TestRedis.client(master.url)
        defer { admin.shutdown() }
        try await pollUntil("the BLMOVE is blocked") {
            (try? await admin.send(RedisCommand("CLIENT", "LIST")).string)?.contains("cmd=blmove") == true
        }
        // A frozen master gives its clients no error, only silence, until a timeout: only the
        // watcher can end the wait early. It is resumed before the servers are stopped.
        master.send(SIGSTOP)
        let frozenAt = ContinuousClock.now
        defer { master.send(SIGCONT) }
        let waited = await blocked.value
        let afterFreeze = ContinuousClock.now - frozenAt
        #expect(afterFreeze < .seconds(12), "returned \(afterFreeze) after the freeze; its timeout was 30 s")
        print("sentinel-test: BLMOVE returned \(afterFreeze) after the master froze (blocked \(waited) in all)")
        // The other client follows too: it writes to the promoted replica.
        _ = try await client.send(RedisCommand("SET", key + "-after", "1"))
        let promoted = try await TestRedis.client(topology.nodes[1].url)
        defer { promoted.shutdown() }
        #expect(try await promoted.send(RedisCommand("GET", key + "-after")).string == "1")
    }
}

private func pollUntil(_ what: String, timeout: Duration = .seconds(10), _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("timed out waiting for \(what)")
}
