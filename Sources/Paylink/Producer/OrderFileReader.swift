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
