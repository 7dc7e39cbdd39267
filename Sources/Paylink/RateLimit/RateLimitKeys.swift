/// The Redis keys of one merchant account's fleet limiter, under the hash-tagged prefix
/// `paylink:{merchant:<appId>}:` (the tag from `MerchantKeys`) so both live in one Redis Cluster
/// slot for the scripts.
///
/// The limit belongs to the API account, not to a queue: every queue that calls the API with
/// the same app ID shares it.
public struct RateLimitKeys: Sendable, Equatable {
    /// `paylink:{merchant:<appId>}:`
    public let prefix: String

    /// - Throws: when the app ID is empty, too long, or could break out of the hash tag.
    public init(merchant appId: String) throws(ConfigurationError) {
        self.prefix = "paylink:" + (try MerchantKeys(appId: appId, setting: "merchant")).hashTag + ":"
    }

    /// HASH of the shared state (fields in ``Field``), times in µs of the Redis clock.
    public var limit: String { prefix + "limit" }
    /// ZSET permit ID → expiry (µs, Redis clock): calls in flight, for `--max-in-flight`.
    public var permits: String { prefix + "permits" }

    /// Field names of the ``limit`` hash.
    public enum Field {
        /// Theoretical arrival time of the next slot.
        public static let tat = "tat"
        /// End of the current fleet pause.
        public static let pauseUntil = "pauseUntil"
        /// When the current pause was declared.
        public static let pausedAt = "pausedAt"
        /// Consecutive storms, for the doubling backoff.
        public static let strikes = "strikes"
        /// Every field above, for the Lua scripts' name tables (`LuaNames`).
        public static let all = [tat, pauseUntil, pausedAt, strikes]
    }
}

/// The limiter's keys as Lua script key slots (`limitKey`, `permitsKey`).
extension RateLimitKeys: LuaKeyScope {
    static let luaKeys: [LuaKey<RateLimitKeys>] = [LuaKey("limit") { $0.limit }, LuaKey("permits") { $0.permits }]
}

extension LuaKey where Scope == RateLimitKeys {
    static var limit: Self { RateLimitKeys.luaKeys[0] }
    static var permits: Self { RateLimitKeys.luaKeys[1] }
}
