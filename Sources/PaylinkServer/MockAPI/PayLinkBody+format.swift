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
        let (year, month, day) = civilDate(daysSinceEpoch: days)
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

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
