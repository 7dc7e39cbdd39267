@testable import PaylinkRedis
import Testing

struct RedisKeySlotTests {
    @Test func crc16IsXmodem() {
        // The check value of CRC-16/XMODEM, and the cluster specification's own example.
        #expect(RedisKeySlot.crc16(Array("123456789".utf8)) == 0x31C3)
    }

    @Test func slotsMatchWhatRedisAnswersForClusterKeyslot() {
        // Values from `CLUSTER KEYSLOT` on Redis 7.
        #expect(RedisKeySlot.slot(of: "foo") == 12182)
        #expect(RedisKeySlot.slot(of: "bar") == 5061)
        #expect(RedisKeySlot.slot(of: "") == 0)
        #expect(RedisKeySlot.slot(of: "paylink:{default}:pending") == RedisKeySlot.slot(of: "default"))
    }

    @Test func hashTagsFollowTheSpecification() {
        #expect(RedisKeySlot.slot(of: "{user1000}.following") == RedisKeySlot.slot(of: "{user1000}.followers"))
        // The first "{" and the first "}" after it; an empty tag hashes the whole key.
        #expect(RedisKeySlot.slot(of: "foo{}{bar}") == Int(RedisKeySlot.crc16(Array("foo{}{bar}".utf8)) & 0x3FFF))
        #expect(RedisKeySlot.slot(of: "foo{{bar}}zap") == RedisKeySlot.slot(of: "{bar"))
        #expect(RedisKeySlot.slot(of: "foo{bar}{zap}") == RedisKeySlot.slot(of: "bar"))
        #expect(RedisKeySlot.slot(of: "no}tag{") == Int(RedisKeySlot.crc16(Array("no}tag{".utf8)) & 0x3FFF))
    }

    @Test func bytesAndTextAgree() {
        let key = "paylink:{q7}:results"
        #expect(RedisKeySlot.slot(of: Array(key.utf8)) == RedisKeySlot.slot(of: key))
        #expect(RedisKeySlot.slot(of: Array(key.utf8)[...]) == RedisKeySlot.slot(of: key))
        let binary: [UInt8] = [0, 255, 123, 1, 125]
        #expect((0..<RedisKeySlot.count).contains(RedisKeySlot.slot(of: binary)))
        #expect(RedisKeySlot.slot(of: binary) == RedisKeySlot.slot(of: [1]))
    }
}
