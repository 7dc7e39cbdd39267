public import Foundation
public import PaylinkRedis
public import PaylinkServer

/// A master, optionally a replica, and three sentinels, each with a TLS port beside its plain
/// one (the plain ports are for the test's own checks); replication and the sentinels' links run
/// over TLS (`tls-replication yes`), so the sentinels name TLS ports.
public final class TLSSentinelTopology: Sendable {
    public static let masterName = "m"
    public let certificates: TestCertificates
    public let nodes: [LocalRedisServer]
    public let tlsPorts: [Int]
    public let sentinels: [LocalRedisServer]
    public let sentinelTLSPorts: [Int]

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

    public static func start(replica: Bool = true) async throws -> TLSSentinelTopology {
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

    public func stop() { (nodes + sentinels).forEach { $0.stop() } }

    /// `rediss-sentinel://` over the sentinels' TLS ports, trusting `caFile`.
    public func configuration(caFile: String) throws -> RedisConfiguration {
        let hosts = sentinelTLSPorts.map { "127.0.0.1:\($0)" }.joined(separator: ",")
        var configuration = RedisConfiguration(
            url: try RedisURL("rediss-sentinel://\(hosts)/0#\(Self.masterName)"), connectTimeout: .milliseconds(500),
            commandTimeout: .seconds(5), reconnectBackoffBase: .milliseconds(20), reconnectBackoffCap: .milliseconds(200),
            name: "sentinel-tls")
        configuration.tls = try RedisTLSContext(caFile: caFile)
        return configuration
    }

    /// Sends one command to node `index` over its plain port.
    public func node(_ index: Int, _ command: RedisCommand) async throws -> RedisValue {
        try await Self.send(command, to: nodes[index])
    }

    /// Sends one command to the first sentinel over its plain port.
    public func sentinel(_ command: RedisCommand) async throws -> RedisValue {
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
    public func namedMaster() async throws -> Int? {
        let reply = try await sentinel(RedisCommand("SENTINEL", "get-master-addr-by-name", Self.masterName))
        return reply.array?.last?.string.flatMap { Int($0) }
    }

    /// Waits until every sentinel knows the replica and the two other sentinels.
    private func waitUntilSettled() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            var settled = true
            for sentinel in sentinels where settled {
                let info = (try? await Self.send(RedisCommand("INFO", "sentinel"), to: sentinel).string) ?? nil
                settled = info?.contains("slaves=1") == true && info?.contains("sentinels=3") == true
            }
            if settled { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LocalServerError("the sentinels did not learn of the replica and each other within 30 s")
    }
}

