/// Ordered HTTP header fields, as sent or as received.
///
/// Order and repeats are kept because some headers (`Set-Cookie`) may appear more than once;
/// lookup by name is case-insensitive as HTTP requires.
///
/// ```swift
/// var headers: HTTPHeaders = ["Content-Type": "application/json"]
/// headers.add(name: "Authorization", value: "Bearer \(token)")
/// ```
///
/// All fields live in one byte buffer, each name and value behind a 4-byte length: a response's
/// headers cost one allocation instead of a string per name and value, and strings are made
/// only for the fields a caller reads.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field.
    public typealias Element = (name: String, value: String)

    private var storage: [UInt8] = []
    /// The number of fields.
    public private(set) var count = 0

    /// Creates a header list from name/value pairs, in order.
    public init(_ fields: [(name: String, value: String)] = []) {
        for field in fields { add(name: field.name, value: field.value) }
    }

    /// Creates a header list from a literal; the literal's order is kept.
    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name: name, value: value) }
    }

    /// Same fields, names and values compared exactly, in the same order.
    func hasSameFields(as other: HTTPHeaders) -> Bool {
        storage == other.storage
    }

    /// Appends a field, keeping any existing fields with the same name.
    public mutating func add(name: String, value: String) {
        add(name: name.utf8, value: value.utf8)
    }

    /// Appends a field from raw bytes (the client's header callback: no strings made).
    mutating func add(name: some Collection<UInt8>, value: some Collection<UInt8>) {
        if storage.isEmpty { storage.reserveCapacity(256) }
        appendLength(name.count)
        storage.append(contentsOf: name)
        appendLength(value.count)
        storage.append(contentsOf: value)
        count += 1
    }

    /// The first value for `name`, compared case-insensitively; nil when absent.
    public subscript(name: String) -> String? {
        var result: String?
        forEachField { fieldName, value in
            guard Self.namesMatch(fieldName, name.utf8) else { return true }
            result = String(decoding: value, as: UTF8.self)
            return false
        }
        return result
    }

    /// Every value for `name`, in order, compared case-insensitively.
    public func values(for name: String) -> [String] {
        var values: [String] = []
        forEachField { fieldName, value in
            if Self.namesMatch(fieldName, name.utf8) { values.append(String(decoding: value, as: UTF8.self)) }
            return true
        }
        return values
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        var fields: [Element] = []
        fields.reserveCapacity(count)
        forEachField { name, value in
            fields.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            return true
        }
        return fields.makeIterator()
    }

    /// ASCII case-insensitive comparison; header names are ASCII tokens, so no locale rules apply.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        namesMatch(lhs.utf8[...], rhs.utf8)
    }

    private static func namesMatch(_ left: some Collection<UInt8>, _ right: String.UTF8View) -> Bool {
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
    }

    private mutating func appendLength(_ length: Int) {
        let value = UInt32(truncatingIfNeeded: length)
        for shift in stride(from: 0, to: 32, by: 8) { storage.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Calls `body` with each field's name and value bytes until it returns false.
    private func forEachField(_ body: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Bool) {
        var index = storage.startIndex
        func nextPart() -> ArraySlice<UInt8> {
            var length = 0
            for shift in stride(from: 0, to: 32, by: 8) {
                length |= Int(storage[index]) << shift
                index += 1
            }
            defer { index += length }
            return storage[index..<(index + length)]
        }
        while index < storage.endIndex {
            let name = nextPart()
            let value = nextPart()
            guard body(name, value) else { return }
        }
    }
}
