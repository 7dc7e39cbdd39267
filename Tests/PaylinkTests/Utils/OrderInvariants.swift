import Paylink

/// Oracle for `OrderParser.parse`: the properties every result must have, whatever the input.
///
/// Shared verbatim by the libFuzzer harness (`Fuzz/Sources/OrderParserFuzz/`) and the property
/// tests (`Tests/PaylinkTests/Utils/`); `scripts/fuzz.sh` refuses to run if the two copies differ.
/// The rules are restated here byte by byte, independently of `OrderParser+rules.swift`, so a
/// mistake in the parser's own reading of a rule (grapheme versus byte, say) shows up as a
/// violation instead of agreeing with itself.
enum OrderInvariants {
    static let maxElementBytes = 16 * 1024
    static let fields: Set<String> = [
        "element", "orderId", "amount", "callbackURL", "returnURL", "remark", "channel", "batchId", "merchant",
    ]

    /// Parses `element` and returns the first broken property, or nil when all hold.
    static func violation(for element: [UInt8]) -> String? {
        switch OrderParser.parse(element) {
        case .success(let order):
            if element.count > maxElementBytes { return "accepted \(element.count) bytes" }
            if let broken = ruleViolation(order) { return broken }
            if let broken = sourceMismatch(order, element) { return broken }
            return roundTripViolation(order)
        case .failure(let rejection):
            return rejectionViolation(rejection, element)
        }
    }

    /// Which rule a parsed order breaks, if any.
    static func ruleViolation(_ order: Order) -> String? {
        if !isIdentifier(order.orderId) { return "orderId \(debug(order.orderId)) breaks the ID rule" }
        if let batchId = order.batchId, !isIdentifier(batchId) { return "batchId \(debug(batchId)) breaks the ID rule" }
        if let merchant = order.merchant, !isIdentifier(merchant) { return "merchant \(debug(merchant)) breaks the ID rule" }
        if !isAmount(order.amount) { return "amount \(debug(order.amount)) is not positive whole cents" }
        for (name, url) in [("callbackURL", order.callbackURL), ("returnURL", order.returnURL)] {
            if let broken = urlViolation(url) { return "\(name) \(debug(url)) \(broken)" }
        }
        if order.remark.utf16.count > 128 { return "remark has \(order.remark.utf16.count) UTF-16 units" }
        return nil
    }

    /// The order must carry the element's own strings, byte for byte (amount aside: a JSON integer
    /// becomes its digits).
    private static func sourceMismatch(_ order: Order, _ element: [UInt8]) -> String? {
        guard let members = try? JSONValue.parse(element).objectValue else { return "accepted a non-object" }
        let expected: [(String, String?)] = [
            ("orderId", order.orderId), ("callbackURL", order.callbackURL), ("returnURL", order.returnURL),
            ("batchId", order.batchId), ("merchant", order.merchant),
        ]
        for (name, value) in expected where value != nil || members[name]?.stringValue != nil {
            guard let source = members[name]?.stringValue, value.map({ Array($0.utf8) }) == Array(source.utf8) else {
                return "\(name) \(debug(value ?? "nil")) differs from the element"
            }
        }
        let channel = members["channel"]?.stringValue ?? "web"
        if Array(channel.utf8) != Array(order.channel.rawValue.utf8) { return "channel differs from the element" }
        let remark = members["remark"]?.stringValue ?? ""
        if Array(remark.utf8) != Array(order.remark.utf8) { return "remark differs from the element" }
        switch members["amount"] {
        case .string(let text)?, .number(let text)?:
            if Array(text.utf8) != Array(order.amount.utf8) { return "amount differs from the element" }
        default: return "amount accepted from a non-string, non-number"
        }
        return nil
    }

    /// The order's own JSON must parse back to the same order, every string byte for byte.
    private static func roundTripViolation(_ order: Order) -> String? {
        let bytes = order.jsonBytes()
        switch OrderParser.parse(bytes) {
        case .success(let again):
            let same =
                again == order && Array(again.orderId.utf8) == Array(order.orderId.utf8)
                && Array(again.remark.utf8) == Array(order.remark.utf8)
                && Array(again.callbackURL.utf8) == Array(order.callbackURL.utf8)
                && Array(again.returnURL.utf8) == Array(order.returnURL.utf8)
            return same ? nil : "round trip changed the order: \(debug(String(decoding: bytes, as: UTF8.self)))"
        case .failure(let rejection):
            return "round trip rejected (\(rejection)): \(debug(String(decoding: bytes, as: UTF8.self)))"
        }
    }

    private static func rejectionViolation(_ rejection: OrderRejection, _ element: [UInt8]) -> String? {
        if !fields.contains(rejection.field) { return "rejection names unknown field \(debug(rejection.field))" }
        if rejection.rule.isEmpty { return "rejection of \(rejection.field) has no rule" }
        if !rejection.description.hasPrefix("\(rejection.field): ") { return "description does not name the field" }
        if element.count > maxElementBytes, rejection.field != "element" {
            return "oversized element not refused whole"
        }
        if let id = rejection.orderId {
            if !isIdentifier(id) { return "rejection carries a bad orderId \(debug(id))" }
            if rejection.field == "orderId" || rejection.field == "element" {
                return "orderId kept for \(rejection.field)"
            }
        }
        return nil
    }

    static func isIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (1...64).contains(bytes.count)
            && bytes.allSatisfy { byte in
                switch byte {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                    UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }

    static func isAmount(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first != UInt8(ascii: "0") else { return false }
        return bytes.allSatisfy { (0x30...0x39).contains($0) } && Int64(text) != nil
    }

    /// Absolute http(s), a non-empty host, no spaces or controls, at most 255 UTF-16 units; read as bytes.
    static func urlViolation(_ url: String) -> String? {
        if url.utf16.count > 255 { return "has \(url.utf16.count) UTF-16 units" }
        let bytes = Array(url.utf8)
        if !bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) { return "has a space or control byte" }
        let lowered = bytes.prefix(8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        let rest: ArraySlice<UInt8>
        if lowered.starts(with: Array("https://".utf8)) {
            rest = bytes.dropFirst(8)
        } else if lowered.starts(with: Array("http://".utf8)) {
            rest = bytes.dropFirst(7)
        } else {
            return "is not absolute http(s)"
        }
        let authority = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        if authority.first == UInt8(ascii: "[") { return nil }
        let afterUser = authority.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false).last ?? []
        let host = afterUser.prefix { $0 != UInt8(ascii: ":") }
        return host.isEmpty ? "has no host" : nil
    }

    private static func debug(_ text: String) -> String {
        String(reflecting: text.count > 80 ? String(text.prefix(80)) + "…" : text)
    }
}
