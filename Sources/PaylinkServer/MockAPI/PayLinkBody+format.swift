import Paylink

extension PayLinkBody {
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends a fake RSA-2048 signature: 256 random bytes as 344 base64 characters, form-encoded
    /// (`+` `/` `=` become `%2B` `%2F` `%3D`), exactly the shape of Alipay's `sign`.
    static func appendSignature(seed: UInt64, to out: inout [UInt8]) {
        var random = MockRandom(seed: seed)
        func appendSymbol(_ value: UInt64) {
            let symbol = base64Alphabet[Int(value & 63)]
            switch symbol {
            case UInt8(ascii: "+"): out += "%2B".utf8
            case UInt8(ascii: "/"): out += "%2F".utf8
            default: out.append(symbol)
            }
        }
        // 255 of the 256 bytes form 85 full groups of 3 bytes, 4 symbols each.
        for _ in 0..<85 {
            let bits = random.next()
            for shift in stride(from: 18, through: 0, by: -6) { appendSymbol(bits >> UInt64(shift)) }
        }
        // The last byte gives one full symbol and one with only 2 significant bits, then padding.
        let last = random.next() & 0xFF
        appendSymbol(last >> 2)
        appendSymbol((last & 3) << 4)
        out += "%3D%3D".utf8
    }

    /// Appends `yyyy-MM-dd+HH%3Amm%3Ass` in Beijing time (UTC+8), as Alipay's `order_gmt_create`.
    static func appendBeijingTime(_ unixSeconds: Int64, to out: inout [UInt8]) {
        let local = unixSeconds + 8 * 3600
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = UnixTime.civilDate(daysSinceEpoch: days)
        func two(_ value: Int64) {
            out.append(UInt8(ascii: "0") + UInt8(value / 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        out += String(year).utf8
        out.append(UInt8(ascii: "-"))
        two(month)
        out.append(UInt8(ascii: "-"))
        two(day)
        out.append(UInt8(ascii: "+"))
        two(secondOfDay / 3600)
        out += "%3A".utf8
        two(secondOfDay / 60 % 60)
        out += "%3A".utf8
        two(secondOfDay % 60)
    }

}
