/// The Lua tables that give the scripts Swift's names: `F.jobId` is `ResultField.jobId`,
/// `S.sending` is `OrderStatus.sending.rawValue`, and so on, so no Lua body spells a field or
/// status name. `LuaScript` puts in front of a body only the tables it uses.
enum LuaNames {
    /// Table name → (Lua key, value) pairs.
    static let tables: [(name: String, entries: [(String, String)])] = [
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
    ]

    /// `local F = {orderId = 'orderId', ...}` for every table `body` mentions (`F.`).
    static func tables(usedBy body: String) -> String {
        var out = ""
        for table in tables where mentionsTable(body, table.name) {
            out += "local \(table.name) = {"
            out += table.entries.map { "\($0.0) = '\($0.1)'" }.joined(separator: ", ")
            out += "}\n"
        }
        return out
    }

    /// Whether `body` reads `<name>.something` (and not as part of a longer identifier).
    private static func mentionsTable(_ body: String, _ name: String) -> Bool {
        let text = Array(body.utf8)
        let letter = name.utf8.first!
        for index in text.indices.dropLast() where text[index] == letter && text[index + 1] == UInt8(ascii: ".") {
            let before = index > 0 ? text[index - 1] : 32
            let isPartOfName = before == UInt8(ascii: "_") || before == UInt8(ascii: ".")
                || (before >= 48 && before <= 57) || ((before | 0x20) >= 97 && (before | 0x20) <= 122)
            if !isPartOfName { return true }
        }
        return false
    }
}
