import PaylinkRedis
import Testing

struct RedisCommandTests {
    @Test func encodesEachArgumentKind() {
        let command = RedisCommand(
            "set", "key", Substring("sub"), 42, Int64(-7), [UInt8]([0, 255]), 1.5)
        #expect(command.arguments.count == 7)
        #expect(command.arguments[0] == Array("set".utf8))
        #expect(command.arguments[2] == Array("sub".utf8))
        #expect(command.arguments[3] == Array("42".utf8))
        #expect(command.arguments[4] == Array("-7".utf8))
        #expect(command.arguments[5] == [0, 255])
        #expect(command.arguments[6] == Array("1.5".utf8))
    }

    @Test func nameIsUppercasedAndExcludesArguments() {
        let command = RedisCommand("auth", arguments: ["user", "secret"])
        #expect(command.name == "AUTH")
        #expect(!command.name.contains("secret"))
    }
}
