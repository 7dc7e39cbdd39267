public import Logging

/// Builds one JSON log line as UTF-8 bytes: an object of members, then a newline.
///
/// Written by hand rather than with `JSONEncoder` because it runs for every log record: members
/// are appended straight into one buffer, and strings that need no escaping (nearly all) are
/// copied whole. Strings are escaped per RFC 8259 section 7: `"`, `\` and U+0000...U+001F;
/// everything else, U+2028 and U+2029 included, is valid raw inside a JSON string.
public struct JSONLogLine {
    private(set) var bytes: [UInt8] = []
    private var isFirst = true

    /// An empty object, with room for a typical line.
    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Adds a string member.
    public mutating func add(_ key: String, _ value: String) {
        separate(key)
        Self.appendQuoted(value, to: &bytes)
    }

    /// Adds a `ts` member: the current time, RFC 3339 UTC with milliseconds.
    mutating func addTimestamp(_ key: String) {
        separate(key)
        LogTimestamp.appendNow(to: &bytes)
    }

    /// Adds a metadata member: dictionaries become objects, arrays arrays, integers, finite
    /// doubles and booleans given as values (not interpolated strings) JSON numbers and booleans,
    /// the rest strings.
    public mutating func add(_ key: String, _ value: Logger.MetadataValue) {
        separate(key)
        Self.append(value, to: &bytes)
    }

    /// The finished object and its newline.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func separate(_ key: String) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        Self.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private static func append(_ value: Logger.MetadataValue, to bytes: inout [UInt8]) {
        switch value {
        case .string(let string):
            appendQuoted(string, to: &bytes)
        case .stringConvertible(let convertible):
            if let flag = convertible as? Bool {
                bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            } else if let integer = convertible as? any BinaryInteger {
                bytes.append(contentsOf: integer.description.utf8)
            } else if let number = convertible as? Double, number.isFinite {
                // Swift prints finite doubles in JSON's number grammar ("0.25", "1e-05", "1e+16").
                bytes.append(contentsOf: number.description.utf8)
            } else {
                appendQuoted(convertible.description, to: &bytes)
            }
        case .dictionary(let dictionary):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendQuoted(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                if let member = dictionary[key] { append(member, to: &bytes) }
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(element, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        if !utf8.contains(where: needsEscape) {
            bytes.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                guard needsEscape(byte) else {
                    bytes.append(byte)
                    continue
                }
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(hexDigit(byte >> 4))
                    bytes.append(hexDigit(byte & 0x0F))
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
