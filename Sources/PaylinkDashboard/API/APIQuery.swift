import Hummingbird

/// A request's query parameters, each read with its rule: a number in its range, an ID of the
/// orderId alphabet, one of a fixed set. Anything else is a 400 naming the parameter and rule.
struct APIQuery {
    let parameters: [String: String]

    init(_ request: Request) {
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { parameters[String(name)] = String(value) }
        self.parameters = parameters
    }

    /// A whole number in `range`, or `fallback` when absent.
    func int(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(DashboardAPIError) -> Int {
        guard let text = parameters[name] else { return fallback }
        guard text.utf8.count <= 19, let value = Int(text), range.contains(value) else {
            throw .badRequest("invalid \(name): \"\(text)\" must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// An ID (orderId, batchId, error code): 1-64 of `A-Z a-z 0-9 . _ : -`, or nil when absent.
    func id(_ name: String) throws(DashboardAPIError) -> String? {
        guard let text = parameters[name], !text.isEmpty else { return nil }
        guard Self.isID(text) else {
            throw .badRequest("invalid \(name): \"\(text)\" must be 1-64 of A-Z a-z 0-9 . _ : -")
        }
        return text
    }

    /// A required ID.
    func requireID(_ name: String) throws(DashboardAPIError) -> String {
        guard let value = try id(name) else { throw .badRequest("missing \(name)") }
        return value
    }

    /// One of `choices` (raw values), or `fallback` when absent.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws(DashboardAPIError) -> T where T.RawValue == String {
        guard let text = parameters[name] else { return fallback }
        guard let value = T(rawValue: text) else {
            throw .badRequest("invalid \(name): \"\(text)\" must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// The orderId alphabet (docs/redis-contract.md): none of its characters is special to Redis's
    /// glob `MATCH`, so a checked prefix can go into a pattern as it is.
    static func isID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
        }
    }
}
