/// A top-level member value of a JSON object, reduced to what request validation needs.
enum FlatJSONValue: Equatable, Sendable {
    case string(String)
    case number
    case bool
    case null
    /// A nested object or array (validated, not kept).
    case container
}

/// Strict parser for the flat JSON objects the API accepts (RFC 8259, UTF-8).
///
/// Pay calls arrive at tens of thousands a second and carry four flat string fields, so a general
/// decoder per request costs more than the rest of the work together. This parser reads the bytes
/// once, keeps only the members asked for and still rejects anything that is not one valid JSON
/// object: bad syntax, invalid UTF-8, lone surrogates, trailing bytes, nesting deeper than 64.
/// A repeated member keeps its last value, as Jackson does by default.
struct FlatJSONParser {
    let bytes: UnsafeRawBufferPointer
    var index = 0
    /// Nested containers deeper than this are refused so hostile input cannot exhaust the stack.
    private static let maximumDepth = 64

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses `bytes` as one JSON object and picks the members named in `keys`.
    /// - Parameters:
    ///   - bytes: the whole request body.
    ///   - keys: member names of interest.
    /// - Returns: one entry per key (`nil` when absent), or `nil` when `bytes` is not exactly one JSON object.
    static func parseObject(_ bytes: UnsafeRawBufferPointer, keys: [String]) -> [FlatJSONValue?]? {
        var parser = FlatJSONParser(bytes: bytes)
        var found = [FlatJSONValue?](repeating: nil, count: keys.count)
        parser.skipWhitespace()
        guard parser.consume(UInt8(ascii: "{")) else { return nil }
        parser.skipWhitespace()
        if !parser.consume(UInt8(ascii: "}")) {
            while true {
                parser.skipWhitespace()
                guard parser.consume(UInt8(ascii: "\"")), let key = parser.parseStringBody() else { return nil }
                parser.skipWhitespace()
                guard parser.consume(UInt8(ascii: ":")) else { return nil }
                parser.skipWhitespace()
                guard let value = parser.parseValue(depth: 1) else { return nil }
                if let slot = keys.firstIndex(of: key) { found[slot] = value }
                parser.skipWhitespace()
                if parser.consume(UInt8(ascii: ",")) { continue }
                guard parser.consume(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        parser.skipWhitespace()
        return parser.index == bytes.count ? found : nil
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func parseValue(depth: Int) -> FlatJSONValue? {
        guard let byte = current else { return nil }
        switch byte {
        case UInt8(ascii: "\""):
            index += 1
            return parseStringBody().map(FlatJSONValue.string)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return skipContainer(depth: depth) ? .container : nil
        case UInt8(ascii: "t"): return consumeLiteral("true") ? .bool : nil
        case UInt8(ascii: "f"): return consumeLiteral("false") ? .bool : nil
        case UInt8(ascii: "n"): return consumeLiteral("null") ? .null : nil
        default: return parseNumber() ? .number : nil
        }
    }

    private mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func skipContainer(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth, let open = current else { return false }
        index += 1
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        skipWhitespace()
        if consume(close) { return true }
        while true {
            skipWhitespace()
            if open == UInt8(ascii: "{") {
                guard consume(UInt8(ascii: "\"")), parseStringBody() != nil else { return false }
                skipWhitespace()
                guard consume(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
            }
            guard parseValue(depth: depth + 1) != nil else { return false }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            return consume(close)
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func parseNumber() -> Bool {
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // no further integer digits after a leading zero
        } else if !consumeDigits() {
            return false
        }
        if consume(UInt8(ascii: ".")), !consumeDigits() { return false }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            if !consumeDigits() { return false }
        }
        return true
    }

    private mutating func consumeDigits() -> Bool {
        let start = index
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index > start
    }
}
