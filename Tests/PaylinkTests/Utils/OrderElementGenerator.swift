import Paylink

/// Builds order elements for property tests: valid orders, then mutated copies of them.
///
/// Mutations mirror what libFuzzer does to the corpus (byte flips, truncations, insertions) plus
/// structural ones a byte fuzzer finds slowly: a member's value swapped for another JSON kind,
/// huge strings, deep nesting, and awkward Unicode.
struct OrderElementGenerator {
    var random: SplitMix64

    private static let idBytes = Array("ABCXYZabcxyz0189._:-".utf8)
    /// Scalars chosen to stress escaping, UTF-16 counting and canonical equivalence.
    private static let unicode: [String] = [
        "a", "Z", " ", "é", "e\u{301}", "\u{301}", "😀", "👩‍👩‍👧", "订单", "\u{0}", "\u{1F}", "\u{7F}", "\"", "\\", "/",
        "\u{FEFF}", "\u{200D}", "\u{10FFFF}", "\u{212A}", "\n", "\t", "@", ":", "#", "?", "[",
    ]
    private static let tokens: [String] = [
        "\"orderId\"", "\"amount\"", "\"callbackURL\"", "\"returnURL\"", "\"remark\"", "\"channel\"", "\"batchId\"",
        "\"wap\"", "\"https://", "http://", "\\u", "\\ud83d\\ude00", "\\ud800", "\\u0000", "\\\"", "null", "true", "-0",
        "1e3", "9223372036854775808", ",", ":", "{", "}", "[", "]", "\"", "\u{301}", "😀",
    ]

    /// A random order that obeys every rule.
    mutating func validOrder() -> Order {
        let hosts = ["a.example", "SHOP.example:8443", "user:pw@h.example", "[::1]", "h\u{301}.example", "订单.example"]
        let scheme = ["https://", "http://", "HTTPS://", "hTtP://"].randomElement(using: &random) ?? "https://"
        return Order(
            orderId: identifier(), amount: String(max(1, Int64.random(in: 1...Int64.max, using: &random) >> below(63))),
            callbackURL: scheme + (hosts.randomElement(using: &random) ?? "") + "/cb?x=" + identifier(),
            returnURL: "https://" + (hosts.randomElement(using: &random) ?? "") + "#" + identifier(),
            remark: text(maxUTF16: 128), channel: Bool.random(using: &random) ? .web : .wap,
            batchId: Bool.random(using: &random) ? identifier() : nil)
    }

    /// The members of `order` as (name, JSON text) pairs, in the writer's spelling.
    func members(of order: Order) -> [(String, String)] {
        let fields: [(String, String?)] = [
            ("orderId", order.orderId), ("amount", order.amount), ("callbackURL", order.callbackURL),
            ("returnURL", order.returnURL), ("remark", order.remark), ("channel", order.channel.rawValue),
            ("batchId", order.batchId),
        ]
        return fields.compactMap { name, value in value.map { (name, Self.quoted($0)) } }
    }

    /// `order` as an element with its members reordered, spaced out and mixed with unknown ones.
    mutating func element(for order: Order) -> [UInt8] {
        var members = members(of: order)
        if Bool.random(using: &random) {
            let extras = [#"{"k":[1,-0.5e3,true,null]}"#, #""\u00e9\ud83d\ude00""#, "[[[]]]", "1e400"]
            members.append(("extra", extras.randomElement(using: &random) ?? "null"))
        }
        members.shuffle(using: &random)
        let space = [" ", "", "\n\t", "\r\n "].randomElement(using: &random) ?? ""
        let body = members.map { "\(space)\(Self.quoted($0.0))\(space):\(space)\($0.1)" }.joined(separator: ",")
        return Array("\(space){\(body)}\(space)".utf8)
    }

    /// One random mutation of `element`.
    mutating func mutate(_ element: [UInt8], order: Order) -> [UInt8] {
        var bytes = element
        let position = bytes.isEmpty ? 0 : below(bytes.count)
        switch below(8) {
        case 0 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8(below(8))
        case 1: bytes.removeLast(bytes.count - position)
        case 2: bytes.insert(contentsOf: (Self.tokens.randomElement(using: &random) ?? "").utf8, at: position)
        case 3: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        case 4:
            let end = min(bytes.count, position + below(16))
            bytes.removeSubrange(position..<end)
        case 5: bytes.insert(contentsOf: (Self.unicode.randomElement(using: &random) ?? "").utf8, at: position)
        default: return swapped(order)
        }
        return bytes
    }

    /// `order` with one member's value replaced by a random JSON value of any kind.
    private mutating func swapped(_ order: Order) -> [UInt8] {
        var members = members(of: order)
        let names = ["orderId", "amount", "callbackURL", "returnURL", "remark", "channel", "batchId"]
        let name = names.randomElement(using: &random) ?? "amount"
        members.removeAll { $0.0 == name }
        if below(8) != 0 { members.append((name, jsonValue(depth: 36))) }
        if below(8) == 0, let first = members.first { members.append(first) }
        return Array(("{" + members.map { "\(Self.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}").utf8)
    }

    private mutating func jsonValue(depth: Int) -> String {
        switch below(9) {
        case 0: return "null"
        case 1: return Bool.random(using: &random) ? "true" : "false"
        case 2:
            return ["0", "-0", "1", "007", "1.5", "1e3", "9223372036854775808", "12"].randomElement(using: &random)
                ?? "1"
        case 3:
            return Self.quoted(String(repeating: "x", count: [129, 256, 16_400].randomElement(using: &random) ?? 0))
        case 4 where depth > 0: return "[" + jsonValue(depth: depth - 1) + "]"
        case 5 where depth > 0: return "{\"k\":" + jsonValue(depth: depth - 1) + "}"
        case 6: return Self.quoted(identifier())
        default: return Self.quoted(text(maxUTF16: 300))
        }
    }

    private mutating func identifier() -> String {
        let count = below(64) + 1
        return String(
            decoding: (0..<count).map { _ in Self.idBytes.randomElement(using: &random) ?? 0x61 }, as: UTF8.self)
    }

    private mutating func text(maxUTF16: Int) -> String {
        var result = ""
        for _ in 0..<below(80) {
            let piece = Self.unicode.randomElement(using: &random) ?? ""
            guard result.utf16.count + piece.utf16.count <= maxUTF16 else { break }
            result += piece
        }
        return result
    }

    /// A uniform integer in `0..<bound`.
    private mutating func below(_ bound: Int) -> Int {
        Int.random(in: 0..<bound, using: &random)
    }

    private static func quoted(_ string: String) -> String {
        var writer = JSONWriter()
        writer.add("", string)
        let object = writer.finish()
        return String(decoding: object.dropFirst(4).dropLast(), as: UTF8.self)
    }
}
