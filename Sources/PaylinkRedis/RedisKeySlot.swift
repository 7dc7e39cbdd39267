/// The Redis Cluster hash slot of a key: CRC16 (XMODEM) of the key, or of its hash tag, mod 16384.
///
/// The hash tag is the part between the first `{` and the first `}` after it, when that part is
/// not empty (`paylink:{default}:pending` hashes `default`); otherwise the whole key is hashed.
/// This is the rule `CLUSTER KEYSLOT` applies, so keys sharing a tag share a slot and one script
/// or transaction may touch all of them.
public enum RedisKeySlot {
    /// How many slots a cluster has.
    public static let count = 16384

    /// The slot of `key`, in `0..<16384`.
    public static func slot(of key: String) -> Int {
        var key = key
        return key.withUTF8 { slot(ofBytes: $0) }
    }

    /// The slot of a binary key, in `0..<16384`.
    public static func slot(of key: [UInt8]) -> Int {
        key.withUnsafeBufferPointer { slot(ofBytes: $0) }
    }

    private static func slot(ofBytes key: UnsafeBufferPointer<UInt8>) -> Int {
        var hashed = key[...]
        if let open = key.firstIndex(of: UInt8(ascii: "{")),
            let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        {
            hashed = key[(open + 1)..<close]
        }
        return Int(crc16(hashed) & 0x3FFF)
    }

    /// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection, as Redis's `crc16.c`.
    static func crc16(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    /// The CRC of each byte value, computed once.
    private static let table: [UInt16] = (0..<256).map { value in
        var crc = UInt16(value) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
