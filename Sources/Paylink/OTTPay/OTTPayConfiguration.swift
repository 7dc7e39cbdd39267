/// How to reach one OTT Pay merchant account.
public struct OTTPayConfiguration: Sendable {
    /// Base URL, e.g. `https://ecom-api.ottpay.com/`; validated by `validateBaseURL`.
    public var baseURL: String
    /// The merchant ID; not secret.
    public var appId: String
    public var appKey: Secret
    /// Refresh a token this long before its `expired` time, so no call races the expiry.
    public var tokenRefreshMargin: Duration = .seconds(60)

    public init(baseURL: String, appId: String, appKey: Secret) throws(ConfigurationError) {
        self.baseURL = try Self.validateBaseURL(baseURL)
        guard !appId.isEmpty else { throw ConfigurationError(setting: "app ID (PAYLINK_APP_ID)", reason: "is missing") }
        guard !appKey.isEmpty else {
            throw ConfigurationError(setting: "app key (PAYLINK_APP_KEY or PAYLINK_APP_KEY_FILE)", reason: "is missing")
        }
        self.appId = appId
        self.appKey = appKey
    }

    /// Requires https, except plain http to a loopback address (the local stand-in); strips one
    /// trailing slash. The loopback host is parsed exactly: `localhost`, `::1`, or a dotted quad
    /// `127.a.b.c` in plain decimal, with at most a port after it; no userinfo, so neither
    /// `http://127.evil.example` nor `http://127.0.0.1@evil.example` passes as loopback (the app
    /// key would go out over plain HTTP).
    public static func validateBaseURL(_ url: String) throws(ConfigurationError) -> String {
        let setting = "API base URL (--api-base-url / PAYLINK_API_BASE_URL)"
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("https://"), lower.count > 8 { return trimmed }
        guard lower.hasPrefix("http://") else {
            throw ConfigurationError(setting: setting, reason: "\"\(url)\" must start with https://")
        }
        let authority = lower.dropFirst(7).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard isLoopback(authority: authority) else {
            throw ConfigurationError(setting: setting, reason: "\"\(url)\" must use https:// (plain http is allowed only to a loopback address)")
        }
        return trimmed
    }

    /// Whether `authority` (lowercased, the part between `//` and the path) is exactly a
    /// loopback host with an optional decimal port.
    static func isLoopback(authority: Substring) -> Bool {
        let host: Substring
        let rest: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[authority.index(after: authority.startIndex)..<close]
            rest = authority[authority.index(after: close)...]
        } else {
            host = authority.prefix { $0 != ":" }
            rest = authority.dropFirst(host.count)
        }
        if !rest.isEmpty {
            let port = rest.dropFirst()
            guard rest.first == ":", !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return false
            }
        }
        if authority.hasPrefix("[") { return host == "::1" }
        if host == "localhost" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part.count == 1 || part.first != "0", let value = Int(part)
            else { return false }
            return value <= 255
        }
    }
}
