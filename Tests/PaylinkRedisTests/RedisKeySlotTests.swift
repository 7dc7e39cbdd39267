import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

struct RedisKeySlotTests {
    /// Slots published in the Redis Cluster specification.
    @Test func matchesTheSpecificationsExamples() {
        #expect(RedisKeySlot.slot(of: "123456789") == 0x31C3 & 0x3FFF)
        #expect(RedisKeySlot.slot(of: "foo") == 12182)
        #expect(RedisKeySlot.slot(of: "") == 0)
    }

    @Test func hashesOnlyTheFirstNonEmptyTag() {
        #expect(RedisKeySlot.slot(of: "paylink:{default}:pending") == RedisKeySlot.slot(of: "default"))
        #expect(RedisKeySlot.slot(of: "a{b}{c}") == RedisKeySlot.slot(of: "b"))
        // An empty tag `{}` does not count: the whole key is hashed.
        #expect(RedisKeySlot.slot(of: "a{}b") != RedisKeySlot.slot(of: ""))
        #expect(RedisKeySlot.slot(of: "{}{x}") != RedisKeySlot.slot(of: "x"))
        #expect(RedisKeySlot.slot(of: "{unclosed") == RedisKeySlot.slot(of: Array("{unclosed".utf8)))
    }

    /// Against a real cluster-mode redis-server's `CLUSTER KEYSLOT`, on awkward keys included.
    @Test func agreesWithRedis() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--cluster-enabled", "yes"])
        defer { server.stop() }
        let client = makeClient(server.url)
        defer { client.shutdown() }
        var keys = [
            "", "a", "foo", "{", "}", "{}", "{}x", "x{}", "{a}", "x{a}y", "{a}{b}", "{{a}}", "}{a}", "a{b",
            "paylink:{default}:pending", "paylink:{merchant:app-1}:limit", "paylink-secret:{merchant:app-1}:token:ab",
            "paylink:{orders-3}:result:ORD-1", "é{ü}", "日本語",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let length = Int.random(in: 0..<24, using: &generator)
            keys.append(String((0..<length).map { _ in "ab{}:-x9".randomElement(using: &generator)! }))
        }
        let replies = try await client.checkedPipeline(keys.map { RedisCommand("CLUSTER", "KEYSLOT", $0) })
        for (key, reply) in zip(keys, replies) {
            #expect(Int(reply.int ?? -1) == RedisKeySlot.slot(of: key), "key \(key)")
            #expect(RedisKeySlot.slot(of: Array(key.utf8)) == RedisKeySlot.slot(of: key))
        }
    }
}
