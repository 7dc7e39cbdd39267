import Foundation
import Logging
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

/// `rediss-sentinel://`: the sentinels, the master and the replica all speak TLS (the test CA's
/// certificate, which names 127.0.0.1), replication included; the client verifies every one.
@Suite(.timeLimit(.minutes(2)))
struct RedisSentinelTLSTests {
    @Test func commandsFlowOverTLSAndFollowASentinelFailover() async throws {
        let topology = try await TLSSentinelTopology.start()
        defer { topology.stop() }
        let client = RedisClient(configuration: try topology.configuration(caFile: topology.certificates.ca), logger: Self.logger)
        defer { client.shutdown() }
        let key = "tls-sentinel-\(UUID().uuidString)"
        _ = try await client.send(RedisCommand("SET", key, "before"))
        // The sentinels name the master's TLS port: a plain connection there would fail.
        #expect(try await topology.namedMaster() == topology.tlsPorts[0])
        #expect(try await topology.node(0, RedisCommand("GET", key)) == .bulk(Array("before".utf8)))

        _ = try await topology.sentinel(RedisCommand("SENTINEL", "FAILOVER", TLSSentinelTopology.masterName))
        try await waitFor("the replica became master") {
            try await topology.node(1, RedisCommand("ROLE")).array?.first?.string == "master"
        }
        // Until the sentinels demote the old master it still takes writes: write until the
        // value lands on the new one.
        try await waitFor("a write reached the new master") {
            _ = try? await client.send(RedisCommand("SET", key, "after"))
            return try await topology.node(1, RedisCommand("GET", key)) == .bulk(Array("after".utf8))
        }
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(Array("after".utf8)))
    }

    @Test func aSentinelSignedByAnotherCAIsRefusedNamingTheCause() async throws {
        let topology = try await TLSSentinelTopology.start(replica: false)
        defer { topology.stop() }
        var configuration = try topology.configuration(caFile: topology.certificates.otherCA)
        configuration.commandTimeout = .seconds(1)
        let client = RedisClient(configuration: configuration, logger: Self.logger)
        defer { client.shutdown() }
        var error: RedisError?
        do throws(RedisError) {
            _ = try await client.send(RedisCommand("PING"))
        } catch let caught {
            error = caught
        }
        #expect(error?.message.contains("the server's certificate is not signed by a trusted CA") == true, "\(String(describing: error))")
    }

    static var logger: Logger {
        var logger = Logger(label: "test.sentinel-tls")
        logger.logLevel = .critical
        return logger
    }
}

/// Polls `condition` every 50 ms until it holds, failing the test after `timeout`.
private func waitFor(_ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting until \(what)")
    throw CancellationError()
}
