extension OrderParser {
    /// An ID (orderId, batchId): 1-64 characters of `[A-Za-z0-9._:-]`, safe inside a Redis key.
    /// Why `text` cannot be an orderId or batchId, or nil when it can.
    public static func identifierProblem(_ text: String) -> String? {
        if case .failure(let rejection) = identifier(.string(text), field: "id", required: true) { return rejection.rule }
        return nil
    }

    static func identifier(_ value: JSONValue?, field: String, required: Bool) -> Result<String?, OrderRejection> {
        switch value {
        case nil, .null?:
            return required ? .failure(OrderRejection(orderId: nil, field: field, rule: "is required")) : .success(nil)
        case .string(let id)?:
            guard !id.isEmpty, id.utf8.count <= maxIdLength else {
                return .failure(OrderRejection(orderId: nil, field: field, rule: "must be 1-\(maxIdLength) characters long"))
            }
            guard id.utf8.allSatisfy(isIdentifierByte) else {
                return .failure(OrderRejection(orderId: nil, field: field, rule: "may only contain A-Z a-z 0-9 . _ : -"))
            }
            return .success(id)
        case let other?:
            return .failure(OrderRejection(orderId: nil, field: field, rule: "must be a string, not \(other.kindDescription)"))
        }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"): true
        default: false
        }
    }

    /// The amount in whole cents: a string of digits, or a JSON integer (normalised to a string).
    static func amount(_ value: JSONValue?, reject: (String, String) -> OrderRejection) throws(OrderRejection) -> String {
        let digits: String
        switch value {
        case nil, .null?: throw reject("amount", "is required")
        case .string(let text)?: digits = text
        case .number(let literal)?: digits = literal
        case let other?: throw reject("amount", "must be a string of whole cents, not \(other.kindDescription)")
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw reject("amount", "must be a whole number of cents written with digits only (no sign, decimal point or spaces)")
        }
        guard digits.utf8.first != UInt8(ascii: "0") || digits == "0" else {
            throw reject("amount", "must not have leading zeros")
        }
        guard let cents = Int64(digits) else { throw reject("amount", "is too large") }
        guard cents > 0 else { throw reject("amount", "must be greater than zero") }
        return digits
    }

    /// An absolute http(s) URL with a host, at most 255 characters, with no spaces or controls.
    static func url(_ value: JSONValue?, field: String, reject: (String, String) -> OrderRejection) throws(OrderRejection) -> String {
        guard case .string(let text)? = value else {
            if value == nil || value == .null { throw reject(field, "is required") }
            throw reject(field, "must be a string, not \(value?.kindDescription ?? "missing")")
        }
        guard text.utf16.count <= maxURLLength else {
            throw reject(field, "is \(text.utf16.count) characters; at most \(maxURLLength) are allowed")
        }
        // Bytes, not Characters: a combining mark after "/" or ":" merges with it into one
        // Character, which hid an empty host ("http:///\u{301}") from a Character-wise split.
        let rest: Substring.UTF8View
        if hasPrefixIgnoringCase(text, "https://") {
            rest = text.utf8.dropFirst(8)
        } else if hasPrefixIgnoringCase(text, "http://") {
            rest = text.utf8.dropFirst(7)
        } else {
            throw reject(field, "must be an absolute http or https URL")
        }
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw reject(field, "must not contain spaces or control characters")
        }
        let authority = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        // The host is what follows the last "@" (user info) up to the first ":" (port); found by
        // index, as two splits would allocate arrays for every URL of every order.
        let hostAndPort = authority.lastIndex(of: UInt8(ascii: "@")).map { authority[authority.index(after: $0)...] } ?? authority
        let host = hostAndPort.prefix { $0 != UInt8(ascii: ":") }
        guard !host.isEmpty || authority.first == UInt8(ascii: "[") else {
            throw reject(field, "must name a host")
        }
        return text
    }

    /// ASCII case-insensitive prefix test, without building a lowercased copy.
    private static func hasPrefixIgnoringCase(_ text: String, _ prefix: StaticString) -> Bool {
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        var iterator = text.utf8.makeIterator()
        for expected in prefixBytes {
            guard let byte = iterator.next(), byte | 0x20 == expected else { return false }
        }
        return true
    }
}
