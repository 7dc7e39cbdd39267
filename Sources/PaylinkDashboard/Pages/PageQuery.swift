/// Query strings of page links: values percent-encoded on the way out, and the `next` of a
/// sign-in checked to be a path of this site (never `//host` or `https://...`: an open redirect).
enum PageQuery {
    /// Percent-encodes everything but the unreserved characters of RFC 3986.
    static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 15)])"
            }
        }
        return out
    }

    /// `?a=1&b=x` from the pairs whose value is not empty; "" when none is.
    static func string(_ pairs: [(String, String)]) -> String {
        let kept = pairs.filter { !$0.1.isEmpty }.map { "\($0.0)=\(encode($0.1))" }
        return kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
    }

    /// `next` when it is a path on this site (the rule `POST /login` applies), else `/`.
    static func safeNext(_ next: String?) -> String {
        guard let next, PageForms.isLocalPath(next) else { return "/" }
        return next
    }
}
