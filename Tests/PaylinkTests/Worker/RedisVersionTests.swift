import Foundation
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import Paylink

/// The Redis version check at worker start (RPOP with a count and BLMOVE need Redis 6.2).
@Suite(.timeLimit(.minutes(2)))
struct RedisVersionTests {
    static func info(_ version: String) -> String {
        "# Server\r\nredis_version:\(version)\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\nos:Linux\r\n"
    }

    @Test(arguments: [("6.2.0", true), ("6.2.14", true), ("7.0.15", true), ("10.0.1", true), ("6.0.16", false), ("5.0.7", false), ("6.1.9", false)])
    func theMinimumIsSixPointTwo(version: String, supported: Bool) throws {
        let parsed = try #require(RedisVersion(info: Self.info(version)))
        #expect(parsed.description == version)
        #expect(parsed.isSupported == supported)
    }

    @Test(arguments: ["", "# Server\r\nos:Linux\r\n", "redis_version:\r\n", "redis_version:seven\r\n", "redis_version:7\r\n", "redis_version:7.0.1.2\r\n", "redis_version:99999999999999999999.0.0\r\n"])
    func unreadableVersionsAreNil(info: String) {
        #expect(RedisVersion(info: info) == nil)
    }

    @Test func aSuffixAfterADashIsIgnored() {
        #expect(RedisVersion(info: "redis_version:7.2.0-rc1\n")?.description == "7.2.0")
    }

    @Test func theRealServersInfoIsReadAndSupported() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let info = try #require(try await redis.send(RedisCommand("INFO", "server")).string)
        let version = try #require(RedisVersion(info: info))
        #expect(version.isSupported, "the test Redis is \(version)")
    }

    @Test func aWorkerOnAnOldRedisExitsNonZeroNamingBothVersions() async throws {
        let old = try FakeRedisServer.start(answering: Self.info("6.0.16"))
        defer { old.stop() }
        let worker = try ScriptRun.paylink(
            ["worker", "--queue", "old", "--redis-url", "redis://127.0.0.1:\(old.port)/0", "--api-base-url", "http://127.0.0.1:1",
             "--token-per-process"],
            environment: ["PAYLINK_APP_ID": "A", "PAYLINK_APP_KEY": "k"])
        let exit = try await worker.waitForExit(timeout: .seconds(20))
        #expect(exit != nil && exit != 0, "\(worker.output)")
        #expect(worker.output.contains("Redis 6.0.16"), "\(worker.output)")
        #expect(worker.output.contains("6.2.0 or later"), "\(worker.output)")
    }

    /// A worker started before its Redis (a compose stack, a host booting) waits for it: the
    /// shard layout read at start retries instead of exiting.
    @Test func aWorkerStartedBeforeItsRedisWaitsForIt() async throws {
        let port = try LocalPorts.free()
        let worker = try ScriptRun.paylink(
            ["worker", "--queue", "late", "--redis-url", "redis://127.0.0.1:\(port)/0", "--api-base-url", "http://127.0.0.1:1",
             "--token-per-process"],
            environment: ["PAYLINK_APP_ID": "A", "PAYLINK_APP_KEY": "k"])
        try await poll("the worker says it waits") { worker.output.contains("Could not reach Redis to read the queue's shard layout") }
        let redis = try await LocalRedisServer.start(port: port)
        defer { redis.stop() }
        try await poll(timeout: .seconds(20), "the worker starts once Redis is up") { worker.output.contains("Worker started") }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(20)) == 0, "\(worker.output)")
    }
}
