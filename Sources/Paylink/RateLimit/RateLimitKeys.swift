/// The Redis keys of one merchant account's fleet limiter, under the hash-tagged prefix
/// `paylink:{merchant:<appId>}:` so both live in one Redis Cluster slot for the scripts.
///
/// The limit belongs to the API account, not to a queue: every queue that calls the API with
/// the same app ID shares it.
public struct RateLimitKeys: Sendable, Equatable {
    /// `paylink:{merchant:<appId>}:`
    public let prefix: String

    /// - Throws: when the app ID is empty, too long, or could break out of the hash tag.
    public init(merchant appId: String) throws(ConfigurationError) {
        guard !appId.isEmpty, appId.utf8.count <= 64,
            !appId.contains(where: { $0 == "{" || $0 == "}" || $0.isWhitespace })
        else {
            throw ConfigurationError(
                setting: "merchant", reason: "\"\(appId)\" must be 1-64 characters without braces or spaces")
        }
        self.prefix = "paylink:{merchant:\(appId)}:"
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
    }
}
