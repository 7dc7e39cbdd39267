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

/// A master, optionally a replica, and three sentinels, each with a TLS port beside its plain
/// one (the plain ports are for the test's own checks); replication and the sentinels' links run
/// over TLS (`tls-replication yes`), so the sentinels name TLS ports.
private final class TLSSentinelTopology: Sendable {
    static let masterName = "m"
    let certificates: TestCertificates
    let nodes: [LocalRedisServer]
    let tlsPorts: [Int]
    let sentinels: [LocalRedisServer]
    let sentinelTLSPorts: [Int]

    private init(
        certificates: TestCertificates, nodes: [LocalRedisServer], tlsPorts: [Int], sentinels: [LocalRedisServer],
        sentinelTLSPorts: [Int]
    ) {
        self.certificates = certificates
        self.nodes = nodes
        self.tlsPorts = tlsPorts
        self.sentinels = sentinels
        self.sentinelTLSPorts = sentinelTLSPorts
    }

    static func start(replica: Bool = true) async throws -> TLSSentinelTopology {
        let certificates = try await TestCertificates.get()
        func tls(_ port: Int) -> [String] {
            [
                "--tls-port", String(port), "--tls-cert-file", certificates.server.certificate,
                "--tls-key-file", certificates.server.key, "--tls-ca-cert-file", certificates.ca,
                "--tls-auth-clients", "no", "--tls-replication", "yes",
            ]
        }
        var nodes: [LocalRedisServer] = []
        var tlsPorts: [Int] = []
        var sentinels: [LocalRedisServer] = []
        var sentinelTLSPorts: [Int] = []
        func stopAll() { (nodes + sentinels).forEach { $0.stop() } }
        do {
            tlsPorts.append(try LocalPorts.free())
            nodes.append(try await LocalRedisServer.start(extraArguments: tls(tlsPorts[0])))
            if replica {
                tlsPorts.append(try LocalPorts.free())
                nodes.append(
                    try await LocalRedisServer.start(
                        extraArguments: tls(tlsPorts[1]) + ["--replicaof", "127.0.0.1", String(tlsPorts[0])]))
            }
            for _ in 0..<3 {
                let configuration = """
                    sentinel resolve-hostnames no
                    sentinel monitor \(masterName) 127.0.0.1 \(tlsPorts[0]) 2
                    sentinel down-after-milliseconds \(masterName) 1000
                    sentinel failover-timeout \(masterName) 5000
                    """
                sentinelTLSPorts.append(try LocalPorts.free())
                sentinels.append(
                    try await LocalRedisServer.start(
                        extraArguments: ["--sentinel"] + tls(sentinelTLSPorts.last!), configurationFile: configuration))
            }
            let topology = TLSSentinelTopology(
                certificates: certificates, nodes: nodes, tlsPorts: tlsPorts, sentinels: sentinels,
                sentinelTLSPorts: sentinelTLSPorts)
            if replica { try await topology.waitUntilSettled() }
            return topology
        } catch {
            stopAll()
            throw error
        }
    }

    func stop() { (nodes + sentinels).forEach { $0.stop() } }

    /// `rediss-sentinel://` over the sentinels' TLS ports, trusting `caFile`.
    func configuration(caFile: String) throws -> RedisConfiguration {
        let hosts = sentinelTLSPorts.map { "127.0.0.1:\($0)" }.joined(separator: ",")
        var configuration = RedisConfiguration(
            url: try RedisURL("rediss-sentinel://\(hosts)/0#\(Self.masterName)"), connectTimeout: .milliseconds(500),
            commandTimeout: .seconds(5), reconnectBackoffBase: .milliseconds(20), reconnectBackoffCap: .milliseconds(200),
            name: "sentinel-tls")
        configuration.tls = try RedisTLSContext(caFile: caFile)
        return configuration
    }

    /// Sends one command to node `index` over its plain port.
    func node(_ index: Int, _ command: RedisCommand) async throws -> RedisValue {
        try await Self.send(command, to: nodes[index])
    }

    /// Sends one command to the first sentinel over its plain port.
    func sentinel(_ command: RedisCommand) async throws -> RedisValue {
        try await Self.send(command, to: sentinels[0])
    }

    private static func send(_ command: RedisCommand, to server: LocalRedisServer) async throws -> RedisValue {
        var configuration = RedisConfiguration(url: server.url, name: "test-plain")
        configuration.topology = .singleNode
        let client = RedisClient(configuration: configuration, logger: TestRedis.logger)
        defer { client.shutdown() }
        return try await client.send(command)
    }

    /// The port the first sentinel names for the master.
    func namedMaster() async throws -> Int? {
        let reply = try await sentinel(RedisCommand("SENTINEL", "get-master-addr-by-name", Self.masterName))
        return reply.array?.last?.string.flatMap { Int($0) }
    }

    /// Waits until every sentinel knows the replica and the two other sentinels.
    private func waitUntilSettled() async throws {
        try await waitFor("the sentinels know the replica and each other", timeout: .seconds(30)) {
            for sentinel in self.sentinels {
                let info = try await Self.send(RedisCommand("INFO", "sentinel"), to: sentinel).string ?? ""
                guard info.contains("slaves=1"), info.contains("sentinels=3") else { return false }
            }
            return true
        }
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
