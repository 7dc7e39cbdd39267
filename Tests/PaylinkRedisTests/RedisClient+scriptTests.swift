import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

struct RedisClientScriptTests {
    static let echo = RedisScript("return {KEYS[1], ARGV[1], #ARGV}")

    @Test func runsScriptWithKeysAndArguments() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let key = uniqueKey()
        let reply = try await client.run(Self.echo, keys: [key], arguments: ["arg", 2])
        #expect(reply == .array([.bulk(Array(key.utf8)), .bulk(Array("arg".utf8)), .integer(2)]))
    }

    @Test func reloadsAfterScriptFlush() async throws {
        // A private server: SCRIPT FLUSH would disturb other tests' scripts on the shared one.
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        let client = makeClient(server.url)
        defer { client.shutdown() }
        let script = RedisScript("return redis.call('INCR', KEYS[1])")
        let key = uniqueKey()
        #expect(try await client.run(script, keys: [key], arguments: []) == .integer(1))
        #expect(try await client.send(RedisCommand("SCRIPT", "EXISTS", script.sha1)) == .array([.integer(1)]))
        _ = try await client.send(RedisCommand("SCRIPT", "FLUSH"))
        #expect(try await client.run(script, keys: [key], arguments: []) == .integer(2))
    }

    @Test func scriptErrorThrowsCommandFailed() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let failing = RedisScript("return redis.error_reply('PAYLINK bad order')")
        let error = await redisError { () async throws(RedisError) in
            try await client.run(failing, keys: [], arguments: ["secret-arg"])
        }
        #expect(error?.code == .commandFailed)
        #expect(error?.command == "EVALSHA")
        #expect(error?.message.contains("PAYLINK bad order") == true)
        #expect(error?.description.contains("secret-arg") == false)
    }
}
