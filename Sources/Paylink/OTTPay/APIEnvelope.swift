/// The API's response envelope: `{"status": "SUCCESS"|"ERROR", "result": {...}}`.
enum APIEnvelope: Equatable {
    case success([String: JSONValue])
    case error(code: String, message: String)

    /// Decodes a body; nil when it is not a well-formed envelope.
    static func decode(_ body: [UInt8]) -> APIEnvelope? {
        guard let root = try? JSONValue.parse(body).objectValue,
            let status = root["status"]?.stringValue,
            let result = root["result"]?.objectValue
        else { return nil }
        switch status {
        case "SUCCESS":
            return .success(result)
        case "ERROR":
            let code: String
            switch result["code"] {
            case .number(let literal)?: code = literal
            case .string(let text)?: code = text
            default: return nil
            }
            return .error(code: code, message: result["message"]?.stringValue ?? "")
        default:
            return nil
        }
    }
}
