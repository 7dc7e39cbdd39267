import PaylinkRedis
import Testing

struct RedisValueTests {
    @Test func stringReadsStatusAndUTF8Bulk() {
        #expect(RedisValue.status("OK").string == "OK")
        #expect(RedisValue.bulk(Array("héllo".utf8)).string == "héllo")
        #expect(RedisValue.bulk([0xFF, 0xFE]).string == nil)
        #expect(RedisValue.integer(1).string == nil)
        #expect(RedisValue.null.string == nil)
    }

    @Test func intReadsIntegersAndNumericText() {
        #expect(RedisValue.integer(-42).int == -42)
        #expect(RedisValue.bulk(Array("123".utf8)).int == 123)
        #expect(RedisValue.status("7").int == 7)
        #expect(RedisValue.bulk(Array("1.5".utf8)).int == nil)
        #expect(RedisValue.null.int == nil)
        #expect(RedisValue.error("ERR 1").int == nil)
    }

    @Test func arrayAndBytes() {
        let value = RedisValue.array([.integer(1), .null])
        #expect(value.array == [.integer(1), .null])
        #expect(RedisValue.integer(1).array == nil)
        #expect(RedisValue.bulk([0, 1, 2]).bytes == [0, 1, 2])
        #expect(RedisValue.status("OK").bytes == Array("OK".utf8))
        #expect(RedisValue.null.bytes == nil)
        #expect(RedisValue.null.isNull)
    }
}
