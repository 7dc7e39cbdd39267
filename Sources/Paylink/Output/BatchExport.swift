/// The lines of `paylink export` (and the dashboard's export of a batch): one order's result as
/// CSV or JSON Lines, with the columns a link hand-off needs.
///
/// Whoever hands links on from an export must see which orders may have more than one link
/// (`possibleDuplicate`, `otherPaymentIds`, `earlierAttempts`), and must never take an order
/// whose result is gone for one still waiting: such an order says `no-result`.
public enum BatchExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl

        /// The media type of a whole export.
        public var contentType: String { self == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8" }
    }

    public static let columns = [
        ResultField.orderId, ResultField.status, ResultField.payInfo, ResultField.paymentId, ResultField.amount,
        ResultField.errorCode, ResultField.errorMessage, ResultField.possibleDuplicate, ResultField.otherPaymentIds,
        ResultField.earlierAttempts,
    ]

    /// The status shown for an order of the batch that has no result hash.
    public static let noResult = "no-result"

    /// The CSV header line (JSON Lines has none), newline included.
    public static func header(_ format: Format) -> String {
        format == .csv ? columns.joined(separator: ",") + "\n" : ""
    }

    /// One order's line, newline included, from its result hash (`forEachResult(inBatch:)`).
    public static func line(_ fields: [String: String], format: Format) -> String {
        let values = columns.map { fields[$0] ?? ($0 == ResultField.status ? noResult : "") }
        switch format {
        case .csv:
            return values.map(csvField).joined(separator: ",") + "\n"
        case .jsonl:
            var writer = JSONWriter()
            for (name, value) in zip(columns, values) where !value.isEmpty { writer.add(name, value) }
            return String(decoding: writer.finish(), as: UTF8.self) + "\n"
        }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    public static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
