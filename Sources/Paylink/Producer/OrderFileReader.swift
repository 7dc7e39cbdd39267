/// Reads orders for `paylink enqueue` from JSON Lines or CSV text into queue elements.
///
/// JSON Lines elements are pushed as written (the worker validates them, so a bad one becomes an
/// `invalid` result rather than vanishing). CSV needs a header row naming the order fields
/// (`orderId,amount,callbackURL,returnURL[,remark][,channel][,batchId]`); each row becomes one
/// JSON element.
public enum OrderFileReader {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    /// Why a file cannot be read as orders.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    static let csvFields = ["orderId", "amount", "callbackURL", "returnURL", "remark", "channel", "batchId"]

    /// One element and the line it came from (for CSV, the row's number counting the header as 1).
    public struct NumberedElement: Sendable {
        public var line: Int
        public var bytes: [UInt8]
    }

    /// The elements of a file's bytes with their line numbers; blank lines are skipped. A UTF-8
    /// byte order mark at the start is dropped (spreadsheets write one), for both formats.
    /// - Throws: for CSV, a line that is not valid UTF-8, a row whose number of fields differs
    ///   from the header's (an unquoted `1,000` would otherwise cut the amount to `1`), an
    ///   unknown column or an unterminated quote, each with its line. (JSON Lines elements are
    ///   checked one by one later, strict UTF-8 included, and reported by line.)
    public static func numberedElements(_ data: [UInt8], format: Format) throws(Error) -> [NumberedElement] {
        let body = data.starts(with: byteOrderMark) ? data[byteOrderMark.count...] : data[...]
        switch format {
        case .jsonl:
            var found: [NumberedElement] = []
            found.reserveCapacity(body.count / 200)
            var line = 0
            var start = body.startIndex
            while start < body.endIndex {
                line += 1
                var end = start
                while end < body.endIndex, body[end] != UInt8(ascii: "\n") { end += 1 }
                var first = start
                var last = end
                while first < last, body[first] == UInt8(ascii: " ") || body[first] == UInt8(ascii: "\t") { first += 1 }
                while last > first, body[last - 1] == UInt8(ascii: "\r") || body[last - 1] == UInt8(ascii: " ") { last -= 1 }
                if first < last { found.append(NumberedElement(line: line, bytes: Array(body[first..<last]))) }
                start = end + 1
            }
            return found
        case .csv:
            return try csvElements(try utf8Text(body))
        }
    }

    /// The queue elements in `text`, in file order.
    public static func elements(_ text: String, format: Format) throws(Error) -> [[UInt8]] {
        try numberedElements(Array(text.utf8), format: format).map(\.bytes)
    }

    /// EF BB BF, which some editors and spreadsheets put before the first line.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The bytes as text, or the first line that is not valid UTF-8 (never a lossy decoding:
    /// a U+FFFD would slip into a remark unseen).
    private static func utf8Text(_ bytes: ArraySlice<UInt8>) throws(Error) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            if String(validating: bytes[start..<end], as: UTF8.self) == nil {
                throw Error(line: line, reason: "is not valid UTF-8 (save the file as UTF-8)")
            }
            line += 1
            start = end + 1
        }
        throw Error(line: line, reason: "is not valid UTF-8 (save the file as UTF-8)")
    }

    private static func csvElements(_ text: String) throws(Error) -> [NumberedElement] {
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.rows(text)
        } catch {
            throw Error(line: error.line, reason: "unterminated quoted field")
        }
        guard let header = rows.first else { return [] }
        for name in header.fields where !csvFields.contains(name) {
            throw Error(line: header.line, reason: "unknown column \"\(name)\"; expected some of \(csvFields.joined(separator: ","))")
        }
        let misfits = rows.dropFirst().filter { $0.fields.count != header.fields.count }
        if let first = misfits.first {
            let others = misfits.count > 1 ? "; \(misfits.count) rows are like this" : ""
            throw Error(
                line: first.line,
                reason: "has \(first.fields.count) fields but the header has \(header.fields.count) (quote a value that holds a comma, such as \"1,000\")\(others)")
        }
        return rows.dropFirst().map { row in
            var writer = JSONWriter()
            for (name, value) in zip(header.fields, row.fields) where !value.isEmpty {
                writer.add(name, value)
            }
            return NumberedElement(line: row.line, bytes: writer.finish())
        }
    }
}
