internal import CCurl

/// Owner of one `curl_slist` of request header lines; frees it exactly once, on deinit.
///
/// curl keeps only a pointer to the list (CURLOPT_HTTPHEADER), so the list must outlive the
/// transfer: the `Transfer` holds it until completion.
final class CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    /// Builds "Name: value" lines; curl copies each string into the list.
    /// - Throws: `.invalidRequest` for a name or value that could split the header block
    ///   (CR, LF, NUL; a colon or nothing in a name), `.other` if curl is out of memory.
    init(_ headers: HTTPHeaders, extraLines: [String]) throws(HTTPClientError) {
        for (name, value) in headers {
            guard Self.isValidName(name), Self.isValidValue(value) else {
                throw HTTPClientError(code: .invalidRequest, requestSent: false, message: "header \"\(Self.printable(name))\" contains a forbidden character")
            }
            // "Name:" would tell curl to delete its own header; "Name;" sends it empty.
            try append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        for line in extraLines {
            try append(line)
        }
    }

    deinit {
        curl_slist_free_all(pointer)
    }

    private func append(_ line: String) throws(HTTPClientError) {
        guard let extended = curl_slist_append(pointer, line) else {
            throw HTTPClientError(code: .other, requestSent: false, message: "curl_slist_append: out of memory")
        }
        pointer = extended
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: ":") || $0 == 0x7F }
    }

    private static func isValidValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// The name without control characters, so the error message stays one line.
    private static func printable(_ name: String) -> String {
        String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(64))
    }
}
