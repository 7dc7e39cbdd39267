import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// `RedisKeySlot` against a real cluster-mode redis-server's `CLUSTER KEYSLOT`, on awkward keys
/// (empty and unclosed tags, nested braces, non-ASCII) and random ones.
struct RedisKeySlotServerTests {
    @Test func agreesWithRedisOnAwkwardAndRandomKeys() async throws {
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
        }
    }
}
