/// The Redis keys of one merchant's shared bearer token, under the hash-tagged prefix
/// `paylink-secret:{merchant:<appId>}:` (the tag from `MerchantKeys`) so both live in one Redis Cluster slot and one script may
/// touch both. The token is a credential: its own prefix keeps it out of reach of any ACL pattern
/// written for paylink's readable keys (`~paylink:*`, `~paylink:{*}:*`); only the workers' user
/// needs `~paylink-secret:*`.
///
/// This file is the single source of these key and field names; ARCHITECTURE.md documents the layout.
public struct TokenKeys: Sendable, Equatable {
    /// `paylink-secret:{merchant:<appId>}:`
    public let prefix: String
    /// Names the API the token was issued by, so two environments (or a test stand-in) sharing a
    /// Redis with the same appId never hand each other tokens: FNV-1a of the base URL, in hex.
    public let api: String

    /// - Throws: when the appId could break out of the hash tag (braces) or is empty.
    public init(appId: String, apiBaseURL: String) throws(ConfigurationError) {
        self.prefix = "paylink-secret:" + (try MerchantKeys(appId: appId, setting: "app ID")).hashTag + ":"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in apiBaseURL.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        self.api = String(hash, radix: 16)
    }

    /// HASH of the current token (fields in `Field`), expiring (PEXPIRE) when the token does.
    public var token: String { prefix + "token:" + api }
    /// STRING refresh lock: a random owner ID, set with NX and a PX timeout, deleted only by its owner.
    public var tokenLock: String { prefix + "token-lock:" + api }

    /// Field names of the `token` hash.
    public enum Field {
        /// The bearer token itself (secret).
        public static let token = "token"
        /// The API's `expired`: Unix ms on OTT Pay's clock.
        public static let expiredAt = "expiredAt"
        /// When it was stored: Unix ms on Redis's clock.
        public static let fetchedAt = "fetchedAt"
        /// Counts tokens stored since the hash was last absent; names a token in logs without revealing it.
        public static let generation = "generation"
        /// Every field above, for the Lua scripts' name tables (`LuaNames`).
        public static let all = [token, expiredAt, fetchedAt, generation]
    }
}

/// The token's keys as Lua script key slots (`tokenKey`, `tokenLockKey`).
extension TokenKeys: LuaKeyScope {
    static let luaKeys: [LuaKey<TokenKeys>] = [LuaKey("token") { $0.token }, LuaKey("tokenLock") { $0.tokenLock }]
}

extension LuaKey where Scope == TokenKeys {
    static var token: Self { TokenKeys.luaKeys[0] }
    static var tokenLock: Self { TokenKeys.luaKeys[1] }
}
