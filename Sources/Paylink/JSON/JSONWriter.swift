/// Builds compact JSON text for flat objects of strings: API request bodies, rejected-element
/// records and enqueued orders. Keys are written in the order given, so output is stable.
public struct JSONWriter: Sendable {
    private var bytes: [UInt8]
    private var isFirst = true

    public init() {
        bytes = [UInt8(ascii: "{")]
        bytes.reserveCapacity(512)
    }

    /// Adds a string member.
    public mutating func add(_ key: String, _ value: String) {
        separate(key)
        Self.appendQuoted(value, to: &bytes)
    }

    /// Adds a member whose value is already JSON text (a number literal, `null`).
    public mutating func addRaw(_ key: String, _ json: String) {
        separate(key)
        bytes.append(contentsOf: json.utf8)
    }

    /// The finished object.
    public func finish() -> [UInt8] {
        var result = bytes
        result.append(UInt8(ascii: "}"))
        return result
    }

    private mutating func separate(_ key: String) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        Self.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most strings (IDs, URLs, amounts) need no escaping and go in as one copy.
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: string.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
