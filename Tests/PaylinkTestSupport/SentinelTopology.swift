import Foundation
public import PaylinkRedis
public import PaylinkServer

/// A master, a replica of it and three sentinels (quorum 2), each a `redis-server` of its own on
/// a free loopback port: what the Sentinel tests fail over. The timings are short (down after
/// 1 s, failover timeout 5 s) so that a failover takes a few seconds. Call ``stop()`` at the end.
public final class SentinelTopology: Sendable {
    /// The name the sentinels monitor the master under.
    public static let masterName = "m"

    /// The first master and its replica; after a failover they trade roles.
    public let nodes: [LocalRedisServer]
    public let sentinels: [LocalRedisServer]
    /// The master's and replica's `--requirepass`, if any.
    public let nodePassword: String?
    /// The sentinels' `--requirepass`, if any.
    public let sentinelPassword: String?

    private init(nodes: [LocalRedisServer], sentinels: [LocalRedisServer], nodePassword: String?, sentinelPassword: String?) {
        self.nodes = nodes
        self.sentinels = sentinels
        self.nodePassword = nodePassword
        self.sentinelPassword = sentinelPassword
    }

    /// Starts the servers and waits until every sentinel knows the replica and the other sentinels.
    /// - Parameter nodeArguments: more options for the master and the replica (`--requirepass`).
    public static func start(nodeArguments: [String] = [], sentinelArguments: [String] = []) async throws -> SentinelTopology {
        // Each node may be a replica after a failover, so each gets the master's password.
        let master = try await LocalRedisServer.start(extraArguments: nodeArguments + nodeArguments.masterAuthArguments)
        let replica = try await LocalRedisServer.start(
            extraArguments: nodeArguments + ["--replicaof", "127.0.0.1", String(master.port)]
                + nodeArguments.masterAuthArguments)
        var sentinels: [LocalRedisServer] = []
        let authentication = nodeArguments.requiredPassword.map { "sentinel auth-pass \(masterName) \($0)\n" } ?? ""
        for _ in 0..<3 {
            let configuration = """
                sentinel resolve-hostnames no
                sentinel monitor \(masterName) 127.0.0.1 \(master.port) 2
                sentinel down-after-milliseconds \(masterName) 1000
                sentinel failover-timeout \(masterName) 5000
                sentinel parallel-syncs \(masterName) 1
                \(authentication)
                """
            sentinels.append(
                try await LocalRedisServer.start(extraArguments: ["--sentinel"] + sentinelArguments, configurationFile: configuration))
        }
        let topology = SentinelTopology(
            nodes: [master, replica], sentinels: sentinels, nodePassword: nodeArguments.requiredPassword,
            sentinelPassword: sentinelArguments.requiredPassword)
        do {
            try await topology.waitUntilSettled()
        } catch {
            topology.stop()
            throw error
        }
        return topology
    }

    /// `redis-sentinel://` for the three sentinels (credentials, if any, in `userInfo`).
    public func url(database: Int = 0, userInfo: String = "") -> String {
        let hosts = sentinels.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")
        return "redis-sentinel://\(userInfo)\(hosts)/\(database)#\(Self.masterName)"
    }

    /// A direct client of one sentinel (for `SENTINEL` commands), with `password` if it has one.
    public func sentinelClient(_ index: Int = 0) -> RedisClient {
        var url = sentinels[index].url
        url.password = sentinelPassword
        return RedisClient(configuration: RedisConfiguration(url: url, name: "test-sentinel"), logger: TestRedis.logger)
    }

    /// The node the sentinels name as master now, asked of the first sentinel that answers.
    public func currentMaster() async throws -> LocalRedisServer? {
        for index in sentinels.indices {
            let client = sentinelClient(index)
            defer { client.shutdown() }
            guard let reply = try? await client.send(RedisCommand("SENTINEL", "get-master-addr-by-name", Self.masterName)),
                let port = reply.array?.last?.int
            else { continue }
            return nodes.first { $0.port == port }
        }
        return nil
    }

    /// Waits until each sentinel has found the replica and the two other sentinels: before that
    /// a failover cannot reach its quorum or has nothing to promote.
    public func waitUntilSettled(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        for index in sentinels.indices {
            let client = sentinelClient(index)
            defer { client.shutdown() }
            while true {
                let master = try? await client.send(RedisCommand("SENTINEL", "master", Self.masterName))
                let fields = master?.array?.compactMap(\.string) ?? []
                func field(_ name: String) -> String? {
                    fields.firstIndex(of: name).flatMap { $0 + 1 < fields.count ? fields[$0 + 1] : nil }
                }
                if field("num-slaves") == "1" && field("num-other-sentinels") == "2" && field("flags") == "master" { break }
                guard ContinuousClock.now < deadline else {
                    throw LocalServerError("sentinel \(index) did not see the replica and the other sentinels within \(timeout): \(fields)")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Waits until the sentinels name `node` as master and it says so itself (`ROLE`).
    public func waitForMaster(_ node: LocalRedisServer, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        var url = node.url
        url.password = nodePassword
        let client = RedisClient(configuration: RedisConfiguration(url: url, name: "test-role"), logger: TestRedis.logger)
        defer { client.shutdown() }
        while ContinuousClock.now < deadline {
            let role = try? await client.send(RedisCommand("ROLE")).array?.first?.string
            if role == "master", try await currentMaster() === node { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LocalServerError("127.0.0.1:\(node.port) did not become the master within \(timeout)")
    }

    /// Waits until `node` says it is a replica (`ROLE`): after a failover the old master is
    /// demoted only once the sentinels reconfigure it, and until then it still takes writes
    /// (which the demotion then discards).
    public func waitForReplica(_ node: LocalRedisServer, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        var url = node.url
        url.password = nodePassword
        let client = RedisClient(configuration: RedisConfiguration(url: url, name: "test-role"), logger: TestRedis.logger)
        defer { client.shutdown() }
        while ContinuousClock.now < deadline {
            let role = try? await client.send(RedisCommand("ROLE")).array?.first?.string
            if role == "slave" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LocalServerError("127.0.0.1:\(node.port) did not become a replica within \(timeout)")
    }

    /// Stops every server. Idempotent.
    public func stop() {
        for server in sentinels + nodes { server.stop() }
    }
}

extension [String] {
    /// The value of `--requirepass`, if given.
    fileprivate var requiredPassword: String? {
        guard let index = firstIndex(of: "--requirepass"), index + 1 < count else { return nil }
        return self[index + 1]
    }

    /// `--masterauth <password>` for a replica of a master started with `--requirepass <password>`.
    fileprivate var masterAuthArguments: [String] {
        requiredPassword.map { ["--masterauth", $0] } ?? []
    }
}
