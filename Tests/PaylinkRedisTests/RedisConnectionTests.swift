import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

/// Connection-level behaviour against private servers: AUTH, ACL users, reconnects, timeouts.
struct RedisConnectionTests {
    @Test func authenticatesWithRequirepass() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--requirepass", "pw-123"])
        defer { server.stop() }
        var url = server.url
        url.password = "pw-123"
        let client = makeClient(url)
        defer { client.shutdown() }
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))

        let anonymous = makeClient(server.url)
        defer { anonymous.shutdown() }
        let refused = await redisError { () async throws(RedisError) in try await anonymous.send(RedisCommand("PING")) }
        #expect(refused?.code == .commandFailed)
        #expect(refused?.message.hasPrefix("NOAUTH") == true)
    }

    @Test func wrongPasswordFailsWithoutRevealingIt() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--requirepass", "pw-123"])
        defer { server.stop() }
        var url = server.url
        url.password = "wrong-pass-xyz"
        let client = makeClient(url, commandTimeout: .seconds(2))
        defer { client.shutdown() }
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.mayHaveExecuted == false)
        #expect(error?.description.contains("wrong-pass-xyz") == false)
        #expect(error?.description.contains("pw-123") == false)
    }

    @Test func authenticatesAsACLUser() async throws {
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        let admin = makeClient(server.url)
        defer { admin.shutdown() }
        _ = try await admin.send(RedisCommand("ACL", "SETUSER", "paylink", "on", ">user-pw", "~*", "+@all"))
        let user = makeClient(try RedisURL("redis://paylink:user-pw@127.0.0.1:\(server.port)"))
        defer { user.shutdown() }
        #expect(try await user.send(RedisCommand("ACL", "WHOAMI")).string == "paylink")

        let impostor = makeClient(try RedisURL("redis://paylink:nope@127.0.0.1:\(server.port)"))
        defer { impostor.shutdown() }
        let error = await redisError { () async throws(RedisError) in try await impostor.send(RedisCommand("PING")) }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.command == "PING")  // The caller's command, not the hidden AUTH.
    }

    @Test(.timeLimit(.minutes(1)))
    func recoversAfterServerIsKilledAndRestarted() async throws {
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        var url = server.url
        url.database = 3  // SELECT must be sent again after the reconnect.
        let client = makeClient(url, commandTimeout: .seconds(10))
        defer { client.shutdown() }
        let key = uniqueKey()
        _ = try await client.send(RedisCommand("SET", key, "before"))

        server.kill()
        // The connection is dead: the first command was written into it and may have run.
        let lost = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
        #expect(lost?.code == .connectionLost)
        #expect(lost?.mayHaveExecuted == true)

        // Queued while the server is down, this command waits for the reconnect.
        let waiting = Task { try await client.send(RedisCommand("SET", key, "after")) }
        #expect(await eventually { client.queuedRequestCount == 1 })
        try await server.restart()
        #expect(try await waiting.value == .status("OK"))
        #expect(try await client.send(RedisCommand("GET", key)).string == "after")

        let direct = makeClient(server.url)
        defer { direct.shutdown() }
        #expect(try await direct.send(RedisCommand("GET", key)) == .null)  // It went to database 3.
    }

    @Test(.timeLimit(.minutes(1)))
    func timesOutOnAPausedServerThenRecovers() async throws {
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        let admin = makeClient(server.url)
        defer { admin.shutdown() }
        let client = makeClient(server.url, commandTimeout: .milliseconds(300))
        defer { client.shutdown() }
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))

        _ = try await admin.send(RedisCommand("CLIENT", "PAUSE", 1500, "ALL"))
        let error = await redisError { () async throws(RedisError) in
            try await client.send(RedisCommand("INCR", uniqueKey()))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.command == "INCR")
        #expect(error?.mayHaveExecuted == true)

        let recovered = await eventually(within: .seconds(10)) {
            (try? await client.send(RedisCommand("PING"))) == .status("PONG")
        }
        #expect(recovered)
    }
}
