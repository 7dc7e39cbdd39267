/// The one home of a merchant account's hash tag, `{merchant:<appId>}`: the fleet limiter's keys
/// (`RateLimitKeys`) and the shared token's (`TokenKeys`) build on it, so both sit in one Redis
/// Cluster slot and one script may touch either pair.
public struct MerchantKeys: Sendable, Equatable {
    /// The API account's app ID.
    public let appId: String
    /// `{merchant:<appId>}`
    public let hashTag: String

    /// - Parameter setting: names the setting in the error (`merchant`, `app ID`).
    /// - Throws: when the app ID is empty, too long, or could break out of the hash tag.
    public init(appId: String, setting: String = "merchant") throws(ConfigurationError) {
        try HashTag.check(appId, setting: setting)
        self.appId = appId
        self.hashTag = "{merchant:\(appId)}"
    }
}

/// The rule every name inside a hash tag keeps (a queue's, a merchant's app ID): 1-64 bytes, no
/// braces (which would end the tag early or start another), no whitespace.
enum HashTag {
    static func check(_ name: String, setting: String) throws(ConfigurationError) {
        guard !name.isEmpty, name.utf8.count <= 64,
            !name.contains(where: { $0 == "{" || $0 == "}" || $0.isWhitespace })
        else {
            throw ConfigurationError(setting: setting, reason: "\"\(name)\" must be 1-64 characters without braces or spaces")
        }
    }
}
