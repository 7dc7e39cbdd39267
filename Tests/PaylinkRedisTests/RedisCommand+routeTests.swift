@testable import PaylinkRedis
import Testing

struct RedisCommandRouteTests {
    private func slot(_ key: String) -> RedisCommandRoute { .slot(RedisKeySlot.slot(of: key)) }

    @Test func ordinaryCommandsAreRoutedByTheirFirstArgument() {
        #expect(RedisCommand("GET", "foo").route == slot("foo"))
        #expect(RedisCommand("HSET", "paylink:{q}:results", "id", "v").route == slot("q"))
        #expect(RedisCommand("ZADD", "z", 1, "m").route == slot("z"))
        #expect(RedisCommand("set", [UInt8]([0, 1, 2]), "v").route == .slot(RedisKeySlot.slot(of: [0, 1, 2])))
    }

    @Test func keylessCommandsGoAnywhere() {
        #expect(RedisCommand("PING").route == .anyNode)
        #expect(RedisCommand("INFO", "server").route == .anyNode)
        #expect(RedisCommand("TIME").route == .anyNode)
        #expect(RedisCommand("SCRIPT", "LOAD", "return 1").route == .anyNode)
        #expect(RedisCommand("CLUSTER", "SHARDS").route == .anyNode)
    }

    @Test func scriptsAreRoutedByTheirKeys() {
        #expect(RedisCommand("EVALSHA", "abc", 2, "{q}:a", "{q}:b", "argv").route == slot("q"))
        #expect(RedisCommand("EVAL", "return 1", 0, "argv-not-a-key").route == .anyNode)
        let spanning = RedisCommand("EVALSHA", "abc", 2, "a", "b").route
        #expect(spanning == .crossSlot(name: "EVALSHA", slots: [RedisKeySlot.slot(of: "a"), RedisKeySlot.slot(of: "b")]))
        #expect(spanning.crossSlotMessage?.hasPrefix("CROSSSLOT") == true)
        // ARGV is not checked: it may hold anything.
        #expect(RedisCommand("EVALSHA", "abc", 1, "{q}:a", "other").route == slot("q"))
    }

    @Test func multiKeyCommandsCheckEveryKey() {
        #expect(RedisCommand("DEL", "{q}:a", "{q}:b").route == slot("q"))
        #expect(RedisCommand("DEL", "a", "b").route.crossSlotMessage != nil)
        #expect(RedisCommand("MSET", "{q}:a", "x", "{q}:b", "y").route == slot("q"))
        #expect(RedisCommand("MSET", "{q}:a", "a", "{q}:b", "b").route == slot("q"))
        #expect(RedisCommand("BLMOVE", "{q}:from", "{q}:to", "LEFT", "RIGHT", 5).route == slot("q"))
        #expect(RedisCommand("BLMOVE", "from", "to", "LEFT", "RIGHT", 5).route.crossSlotMessage != nil)
        #expect(RedisCommand("BLPOP", "{q}:a", "{q}:b", 5).route == slot("q"))
        #expect(RedisCommand("SMOVE", "{q}:a", "{q}:b", "member").route == slot("q"))
    }

    @Test func streamsAreFoundAfterTheKeyword() {
        #expect(RedisCommand("XREAD", "COUNT", 10, "STREAMS", "{s}:a", "{s}:b", "0", "0").route == slot("s"))
        #expect(RedisCommand("XREADGROUP", "GROUP", "g", "c", "streams", "st", ">").route == slot("st"))
        #expect(RedisCommand("XADD", "st", "*", "f", "v").route == slot("st"))
    }

    @Test func argumentRangesFollowTheWireForm() {
        let command = RedisCommand("SET", "k", "", 1234567890, [UInt8](repeating: 7, count: 300))
        let ranges = command.argumentRanges
        #expect(ranges.count == 5)
        #expect(ranges.map { Array(command.body[$0]) } == command.arguments)
    }
}
