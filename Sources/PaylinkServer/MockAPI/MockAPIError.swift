/// An ERROR envelope the stand-in answers with: the API's numeric code and message.
struct MockAPIError: Error, Equatable, Sendable {
    /// The API's error code, e.g. 10003, 10005, 20004.
    var code: Int
    /// Human-readable message, e.g. "invalid parameter: amount is required".
    var message: String

    /// 10003: unknown appId or appKey, or a missing, expired or revoked token.
    static let authorizationFailed = MockAPIError(code: 10003, message: "API authorization failed")
    /// 20004: the API's database failed; nothing was created.
    static let databaseError = MockAPIError(code: 20004, message: "database error")
    /// 429 from the rate limiter; the code is ours, the real API documents no rate limit.
    static let tooManyRequests = MockAPIError(code: 429, message: "too many requests")
    /// 404 for a path the API does not have; the code is ours.
    static let notFound = MockAPIError(code: 404, message: "not found")
    /// 405 for a known path with the wrong method; the code is ours.
    static let methodNotAllowed = MockAPIError(code: 405, message: "method not allowed")

    /// 10005 with the rule that failed.
    /// - Parameter rule: "<field> <rule>", e.g. "amount must be a string".
    static func invalidParameter(_ rule: String) -> MockAPIError {
        MockAPIError(code: 10005, message: "invalid parameter: \(rule)")
    }

    /// The full envelope as JSON text.
    var envelope: String {
        "{\"status\":\"ERROR\",\"result\":{\"code\":\(code),\"message\":\"\(MockJSON.escaped(message))\"}}"
    }
}

/// Small JSON text helpers for bodies the stand-in writes by hand.
enum MockJSON {
    /// `text` as the inside of a JSON string literal.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
