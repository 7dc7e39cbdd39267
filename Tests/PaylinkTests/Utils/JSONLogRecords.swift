import Paylink
import Testing

/// Reads `--log-format json` output: every line must be one JSON object (parsed by the project's
/// strict parser, which also refuses a member written twice) with the fixed members.
enum JSONLogRecords {
    /// The records in `text`, one per line; records an issue for each line that is not one.
    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: JSONValue]] {
        var records: [[String: JSONValue]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let object = (try? JSONValue.parse(Array(line.utf8)))?.objectValue else {
                Issue.record("not a JSON object: \(line)", sourceLocation: sourceLocation)
                continue
            }
            let ts = object["ts"]?.stringValue ?? ""
            #expect(
                ts.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "ts in \(line)",
                sourceLocation: sourceLocation)
            for member in ["level", "label", "msg"] {
                #expect(object[member]?.stringValue != nil, "\(member) in \(line)", sourceLocation: sourceLocation)
            }
            records.append(object)
        }
        #expect(text.isEmpty || text.hasSuffix("\n"), "the last line is finished", sourceLocation: sourceLocation)
        return records
    }
}
