/// A validated body of `web-pay` / `wap-pay`: the four fields of the API, checked like the API does.
///
/// Rules (first failure wins, fields checked in this order):
/// - `amount`: required JSON string of ASCII digits, no sign, decimal point, spaces or leading
///   zero, greater than 0, at most `Int64.max` cents.
/// - `callbackURL`, `returnURL`: required strings, at most 255 UTF-16 units (the API is Java, so
///   "characters" are UTF-16 units), absolute `http`/`https` URLs with a host and no whitespace.
/// - `remark`: optional string (`null` counts as absent), at most 128 UTF-16 units.
/// Unknown members are ignored, as a Java API typically does.
struct PayRequest: Sendable, Equatable {
    var amount: String
    var amountCents: Int64
    var callbackURL: String
    var returnURL: String
    var remark: String?

    /// Member names in the order `parse` reads them.
    static let keys = ["amount", "callbackURL", "returnURL", "remark"]

    /// Parses and validates a request body.
    /// - Parameter body: the raw request body.
    /// - Returns: the request, or the API's error message ("invalid parameter: <field> <rule>").
    static func parse(_ body: UnsafeRawBufferPointer) -> Result<PayRequest, MockAPIError> {
        guard let values = FlatJSONParser.parseObject(body, keys: keys) else {
            return .failure(.invalidParameter("body must be a JSON object"))
        }
        let amount: String
        switch values[0] {
        case .none, .null?: return .failure(.invalidParameter("amount is required"))
        case .string(let text)?: amount = text
        default: return .failure(.invalidParameter("amount must be a string"))
        }
        guard let cents = parseCents(amount) else {
            return .failure(.invalidParameter("amount must be a positive whole number of cents, like \"100\""))
        }
        let callbackURL: String
        switch requiredURL(values[1], name: "callbackURL") {
        case .success(let url): callbackURL = url
        case .failure(let error): return .failure(error)
        }
        let returnURL: String
        switch requiredURL(values[2], name: "returnURL") {
        case .success(let url): returnURL = url
        case .failure(let error): return .failure(error)
        }
        var remark: String?
        switch values[3] {
        case .none, .null?: remark = nil
        case .string(let text)?:
            guard text.utf16.count <= 128 else {
                return .failure(.invalidParameter("remark must be at most 128 characters"))
            }
            remark = text
        default: return .failure(.invalidParameter("remark must be a string"))
        }
        return .success(
            PayRequest(amount: amount, amountCents: cents, callbackURL: callbackURL, returnURL: returnURL, remark: remark)
        )
    }

    /// A copy for another amount, for the `wrongAmount` fault: one cent more, or one cent less when
    /// the amount is already `Int64.max` cents (never 0: the smallest valid amount is 1).
    func withWrongAmount() -> PayRequest {
        var copy = self
        copy.amountCents = amountCents == .max ? amountCents - 1 : amountCents + 1
        copy.amount = String(copy.amountCents)
        return copy
    }

    /// Cents from a canonical positive decimal: digits only, no leading zero, fits `Int64`.
    static func parseCents(_ text: String) -> Int64? {
        var value: Int64 = 0
        var first = true
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if first, byte == UInt8(ascii: "0") { return nil }
            first = false
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return first ? nil : value
    }

    private static func requiredURL(_ value: FlatJSONValue??, name: String) -> Result<String, MockAPIError> {
        switch value {
        case .none, .null?: return .failure(.invalidParameter("\(name) is required"))
        case .string(let text)?:
            guard text.utf16.count <= 255 else {
                return .failure(.invalidParameter("\(name) must be at most 255 characters"))
            }
            guard isAbsoluteHTTPURL(text) else {
                return .failure(.invalidParameter("\(name) must be an absolute http or https URL"))
            }
            return .success(text)
        default: return .failure(.invalidParameter("\(name) must be a string"))
        }
    }

    private static let httpLetters = Array("http".utf8)

    /// `http://` or `https://` (any case), a non-empty host, and no whitespace or control characters.
    /// Walks the UTF-8 view once without allocating: it runs twice per pay call.
    static func isAbsoluteHTTPURL(_ text: String) -> Bool {
        enum Part { case scheme, slashes, userOrHost, port, rest }
        var schemeLength = 0
        var isHTTPS = false
        var slashes = 0
        var hostLength = 0
        var part = Part.scheme
        for byte in text.utf8 {
            if byte <= 0x20 || byte == 0x7F { return false }
            switch part {
            case .scheme:
                let lower = byte | 0x20
                if schemeLength < 4 {
                    guard lower == httpLetters[schemeLength] else { return false }
                } else if schemeLength == 4, !isHTTPS, lower == 0x73 {  // "s"
                    isHTTPS = true
                } else if byte == UInt8(ascii: ":") {
                    part = .slashes
                } else {
                    return false
                }
                schemeLength += 1
            case .slashes:
                guard byte == UInt8(ascii: "/") else { return false }
                slashes += 1
                if slashes == 2 { part = .userOrHost }
            case .userOrHost:
                switch byte {
                case UInt8(ascii: "@"): hostLength = 0
                case UInt8(ascii: ":"): part = .port
                case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): part = .rest
                default: hostLength += 1
                }
            case .port:
                if byte == UInt8(ascii: "@") {
                    hostLength = 0
                    part = .userOrHost
                } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                    part = .rest
                }
            case .rest:
                break
            }
        }
        return hostLength > 0 && (part == .userOrHost || part == .port || part == .rest)
    }
}
