@testable import PaylinkRedis
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

    @Test func writesTheExactWireForm() {
        let command = RedisCommand("SET", "k", "", 0, Int64.min, "é")
        let expected = "*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n$1\r\n0\r\n$20\r\n-9223372036854775808\r\n$2\r\né\r\n"
        #expect(command.encoded == Array(expected.utf8))
    }

    @Test func headerCountsEveryArgument() {
        let command = RedisCommand("DEL", arguments: (1...11).map { "k\($0)" })
        #expect(command.encoded.starts(with: Array("*12\r\n$3\r\nDEL\r\n$2\r\nk1\r\n".utf8)))
        #expect(command.arguments.count == 12)
    }

    @Test func argumentsWrittenByAClosureMatchAnArgumentList() {
        let fromList = RedisCommand("EVALSHA", arguments: ["sha", 2, "a", "b", 10_000_000_000])
        let fromClosure = RedisCommand("EVALSHA", argumentCount: 1) { encoder in
            "sha".encodeRedisArgument(into: &encoder)
            for argument: any RedisArgumentConvertible in [2, "a", "b", 10_000_000_000] {
                argument.encodeRedisArgument(into: &encoder)
            }
        }
        #expect(fromList.encoded == fromClosure.encoded)
    }

    @Test func nameIsUppercasedAndExcludesArguments() {
        let command = RedisCommand("auth", arguments: ["user", "secret"])
        #expect(command.name == "AUTH")
        #expect(!command.name.contains("secret"))
    }
}
