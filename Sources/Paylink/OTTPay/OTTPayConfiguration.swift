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
    /// trailing slash.
    public static func validateBaseURL(_ url: String) throws(ConfigurationError) -> String {
        let setting = "API base URL (--api-base-url / PAYLINK_API_BASE_URL)"
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("https://"), lower.count > 8 { return trimmed }
        guard lower.hasPrefix("http://") else {
            throw ConfigurationError(setting: setting, reason: "\"\(url)\" must start with https://")
        }
        let authority = lower.dropFirst(7).prefix { $0 != "/" }
        let host: Substring
        if authority.hasPrefix("[") {
            host = authority.prefix { $0 != "]" }.dropFirst()
        } else {
            host = authority.prefix { $0 != ":" }
        }
        guard host == "localhost" || host == "::1" || host.hasPrefix("127.") else {
            throw ConfigurationError(setting: setting, reason: "\"\(url)\" must use https:// (plain http is allowed only to a loopback address)")
        }
        return trimmed
    }
}
