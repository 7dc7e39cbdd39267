/// Splits RFC 4180 CSV text into rows of fields: quoted fields may hold commas, quotes ("") and
/// line breaks; CRLF and LF both end a row.
public enum CSVReader {
    /// A row with a quote that never closes.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var description: String { "line \(line): unterminated quoted field" }
    }

    /// One row and the line it starts on (a quoted field may span lines).
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// Parses `text` into rows, skipping empty lines.
    public static func rows(_ text: String) throws(Error) -> [Row] {
        var rows: [Row] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var rowStartLine = 1
        let bytes = Array(text.utf8)
        var index = 0
        func endField() {
            // `text` is a String, so any field of it is valid UTF-8: nothing is replaced here.
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            if !(row.count == 1 && row[0].isEmpty) { rows.append(Row(line: rowStartLine, fields: row)) }
            row = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inQuotes = true
                case UInt8(ascii: ","): endField()
                case 0x0D: break
                case 0x0A:
                    endRow()
                    line += 1
                    rowStartLine = line
                default: field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes { throw Error(line: rowStartLine) }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
