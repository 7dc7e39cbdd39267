import FoundationEssentials
public import HTTPTypes
public import Hummingbird

/// Encodes API answers: compact JSON with sorted keys, and `<`, `>`, `&` and `'` written as
/// `\u00XX` escapes, so an answer pasted or sniffed into HTML can never open a tag, whatever an
/// order, element or error message holds. Those characters appear in JSON text only inside
/// strings, so the replacement keeps the document's meaning.
public enum JSONAnswer {
    /// Headers every dashboard answer carries: no caching of operators' data, no sniffing into
    /// HTML, no framing.
    public static let securityHeaders: [(HTTPField.Name, String)] = [
        (.cacheControl, "no-store"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
    ]

    /// The bytes of `value` as the API writes them.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count + 16)
        for byte in data {
            switch byte {
            case UInt8(ascii: "<"): bytes += Array(#"\u003c"#.utf8)
            case UInt8(ascii: ">"): bytes += Array(#"\u003e"#.utf8)
            case UInt8(ascii: "&"): bytes += Array(#"\u0026"#.utf8)
            case UInt8(ascii: "'"): bytes += Array(#"\u0027"#.utf8)
            default: bytes.append(byte)
            }
        }
        return bytes
    }

    /// A JSON response of `value`.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }
}
