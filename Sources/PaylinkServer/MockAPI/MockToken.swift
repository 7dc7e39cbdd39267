import Foundation

/// Makes the stand-in's bearer tokens: JWT-shaped (`header.payload.signature`, base64url, HS256
/// header, `sub`/`iat`/`exp`/`jti` claims) so a client that peeks into them sees what the real API
/// sends, but signed with random bytes: only the stand-in's token table makes them valid.
enum MockToken {
    private static let header = base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    /// A new token string.
    /// - Parameters:
    ///   - appId: the merchant, as `sub`.
    ///   - issuedMillis: issue time, as `iat` in seconds.
    ///   - expiredMillis: the advertised expiry, as `exp` in seconds.
    ///   - serial: makes `jti` unique within the run.
    ///   - random: source of the signature bytes.
    static func make(
        appId: String,
        issuedMillis: Int64,
        expiredMillis: Int64,
        serial: Int,
        random: inout MockRandom
    ) -> String {
        let claims = "{\"sub\":\"\(MockJSON.escaped(appId))\",\"iat\":\(issuedMillis / 1000),"
            + "\"exp\":\(expiredMillis / 1000),\"jti\":\"\(serial)-\(random.next() % 1_000_000)\"}"
        var signature = Data(capacity: 32)
        for _ in 0..<4 { withUnsafeBytes(of: random.next()) { signature.append(contentsOf: $0) } }
        return header + "." + base64URL(Data(claims.utf8)) + "." + base64URL(signature)
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
