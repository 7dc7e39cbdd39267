/// An order's result hash in a `--json` document: every field under its hash name
/// (``ResultField``), counts and Unix-millisecond times as JSON numbers, flags as booleans, the
/// rest as the strings stored. A value that does not read as its type (an edited hash) stays the
/// string stored, so nothing is hidden.
public struct ResultFieldsOutput: Encodable, Sendable {
    /// Whole-number fields: counts and Unix ms (Redis clock).
    static let integerFields: Set<String> = [
        ResultField.attempts, ResultField.duplicates, ResultField.recoveries, ResultField.rateLimitWaits,
        ResultField.createdAt, ResultField.updatedAt, ResultField.finishedAt, ResultField.sendingAt,
        ResultField.nextAttemptAt,
    ]
    /// Fields stored as "1" (yes) or "0".
    static let flagFields: Set<String> = [ResultField.possibleDuplicate, ResultField.unsure]

    public let fields: [String: String]

    public init(fields: [String: String]) {
        self.fields = fields
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in fields {
            let key = Key(stringValue: name)
            if Self.integerFields.contains(name), let number = Int64(value) {
                try container.encode(number, forKey: key)
            } else if Self.flagFields.contains(name), value == "1" || value == "0" {
                try container.encode(value == "1", forKey: key)
            } else {
                try container.encode(value, forKey: key)
            }
        }
    }
}
