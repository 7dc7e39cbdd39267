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

    /// The elements of a file's bytes with their line numbers; blank lines are skipped.
    public static func numberedElements(_ data: [UInt8], format: Format) throws(Error) -> [NumberedElement] {
        switch format {
        case .jsonl:
            var found: [NumberedElement] = []
            found.reserveCapacity(data.count / 200)
            var line = 0
            var start = 0
            while start < data.count {
                line += 1
                var end = start
                while end < data.count, data[end] != UInt8(ascii: "\n") { end += 1 }
                var first = start
                var last = end
                while first < last, data[first] == UInt8(ascii: " ") || data[first] == UInt8(ascii: "\t") { first += 1 }
                while last > first, data[last - 1] == UInt8(ascii: "\r") || data[last - 1] == UInt8(ascii: " ") { last -= 1 }
                if first < last { found.append(NumberedElement(line: line, bytes: Array(data[first..<last]))) }
                start = end + 1
            }
            return found
        case .csv:
            return try elements(String(decoding: data, as: UTF8.self), format: .csv).enumerated().map {
                NumberedElement(line: $0.offset + 2, bytes: $0.element)
            }
        }
    }

    /// The queue elements in `text`, in file order.
    public static func elements(_ text: String, format: Format) throws(Error) -> [[UInt8]] {
        switch format {
        case .jsonl:
            return text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }
                .compactMap { line in
                    let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                    return trimmed.isEmpty ? nil : Array(trimmed.utf8)
                }
        case .csv:
            let rows: [[String]]
            do {
                rows = try CSVReader.rows(text)
            } catch {
                throw Error(line: error.line, reason: "unterminated quoted field")
            }
            guard let header = rows.first else { return [] }
            for name in header where !csvFields.contains(name) {
                throw Error(line: 1, reason: "unknown column \"\(name)\"; expected some of \(csvFields.joined(separator: ","))")
            }
            return rows.dropFirst().map { row in
                var writer = JSONWriter()
                for (name, value) in zip(header, row) where !value.isEmpty {
                    writer.add(name, value)
                }
                return writer.finish()
            }
        }
    }
}
