/// Swift's names as the Lua scripts write them: `F.jobId` is `ResultField.jobId`,
/// `S.sending` is `OrderStatus.sending.rawValue`, `R.latest` the throughput hashes' marker, and
/// so on, so no Lua body spells a field or status name. `LuaScript` replaces each `T.name` with its quoted value when it builds the
/// script, so Redis runs plain string constants (no table is built or read per call), and a
/// name Swift does not define traps at the script's creation instead of reading as nil in Lua.
enum LuaNames {
    /// Table letter → (name in Lua, value) pairs.
    static let tables: [UInt8: [String: String]] = {
        let lists: [(Character, [(String, String)])] = [
            ("F", ResultField.all.map { ($0, $0) }),
            ("S", OrderStatus.allCases.map { (String(describing: $0), $0.rawValue) }),
            ("E", EventField.allCases.map { (String(describing: $0), $0.rawValue) }),
            ("T", EventType.allCases.map { (String(describing: $0), $0.rawValue) }),
            ("B", BatchField.allCases.map { (String(describing: $0), $0.rawValue) }),
            ("N", CountsField.allCases.map { (String(describing: $0), $0.rawValue) }),
            ("C", ConfigField.allCases.map { (String(describing: $0), $0.rawValue) }),
            ("P", [QueuePause.Field.reason, QueuePause.Field.by, QueuePause.Field.at].map { ($0, $0) }),
            ("L", RateLimitKeys.Field.all.map { ($0, $0) }),
            ("K", TokenKeys.Field.all.map { ($0, $0) }),
            ("R", [("latest", ThroughputLayout.latestField)]),
            ("Y", ShardLayout.Field.all.map { ($0, $0) }),
        ]
        var tables: [UInt8: [String: String]] = [:]
        for (letter, entries) in lists {
            tables[letter.asciiValue!] = Dictionary(uniqueKeysWithValues: entries)
        }
        return tables
    }()

    /// `body` with every `T.name` (T one of the table letters, not part of a longer identifier
    /// or a field access) replaced by `'value'`.
    /// - Returns: the new body and the names no table defines (`F.jobld`).
    static func inlined(_ body: String) -> (source: String, unknown: [String]) {
        let text = Array(body.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var unknown: [String] = []
        var index = 0
        while index < text.count {
            let byte = text[index]
            let before = index > 0 ? text[index - 1] : 32
            if let table = tables[byte], index + 1 < text.count, text[index + 1] == UInt8(ascii: "."),
                !isIdentifier(before), before != UInt8(ascii: ".")
            {
                var end = index + 2
                while end < text.count, isIdentifier(text[end]) { end += 1 }
                let name = String(decoding: text[(index + 2)..<end], as: UTF8.self)
                if let value = table[name] {
                    out.append(UInt8(ascii: "'"))
                    out.append(contentsOf: value.utf8)
                    out.append(UInt8(ascii: "'"))
                } else {
                    unknown.append(String(UnicodeScalar(byte)) + "." + name)
                    out.append(contentsOf: text[index..<end])
                }
                index = end
                continue
            }
            out.append(byte)
            index += 1
        }
        return (String(decoding: out, as: UTF8.self), unknown)
    }

    static func isIdentifier(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
    }
}
