/// The Redis Cluster hash slot of a key: CRC16 (XMODEM) of the key, or of its hash tag, mod 16384.
///
/// A hash tag is the text between the first `{` and the first `}` after it, when that text is
/// not empty: `paylink:{default}:pending` and `paylink:{default}:results` share a slot, so one
/// script or pipeline may touch both. The rules are the cluster specification's ("Hash tags").
public enum RedisKeySlot {
    /// How many slots a cluster has; slots are `0..<count`.
    public static let count = 16384

    /// The slot of a key given as text (its UTF-8 bytes).
    public static func slot(of key: String) -> Int {
        slot(of: key.utf8)
    }

    /// The slot of a key given as bytes (binary keys included).
    public static func slot(of key: some Collection<UInt8>) -> Int {
        if let open = key.firstIndex(of: UInt8(ascii: "{")) {
            let afterOpen = key.index(after: open)
            if let close = key[afterOpen...].firstIndex(of: UInt8(ascii: "}")), close != afterOpen {
                return Int(crc16(key[afterOpen..<close]) & 0x3FFF)
            }
        }
        return Int(crc16(key) & 0x3FFF)
    }

    /// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection; "123456789" gives 0x31C3.
    static func crc16(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
