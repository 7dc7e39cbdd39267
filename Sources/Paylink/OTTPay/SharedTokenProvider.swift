import FoundationEssentials
public import Logging
public import PaylinkHTTP
public import PaylinkRedis

/// Provider: one bearer token for a whole fleet of worker processes, kept in Redis, so the fleet
/// makes one token call per expiry instead of one per process.
///
/// Each process caches the token in memory: while it is fresh, `freshToken()` returns it with no
/// actor hop and no Redis command. Within the refresh margin one process (holder of a Redis lock) fetches the next
/// token while the others keep using the current one and pick the new one up from Redis. An
/// authorization error deletes the refused token from Redis only if Redis still holds it, so a
/// fleet seeing the same refusal refreshes once. If Redis is unreachable, each process fetches
/// its own token (logged once) and goes back to sharing when Redis answers again.
///
/// Use `TokenProvider` (via `OTTPayClient.init(configuration:http:logger:)`) for a single process.
/// ```swift
/// let tokens = try SharedTokenProvider(configuration: api, http: http, redis: redis, logger: logger)
/// let client = OTTPayClient(configuration: api, http: http, tokens: tokens)
/// ```
public actor SharedTokenProvider: TokenSource {
    struct Cached {
        var value: Secret
        var refreshAt: ContinuousClock.Instant
        var expiresAt: ContinuousClock.Instant
        /// The Redis generation; 0 for a token fetched while Redis was away.
        var generation: Int64
    }

    let margin: Duration
    let options: SharedTokenOptions
    let store: SharedTokenStore
    let fetcher: TokenFetcher
    let logger: Logger
    /// Names this process's hold on the refresh lock, so it releases only its own.
    let owner = UUID().uuidString
    var current: Cached? {
        didSet { cache.publish(current?.value, freshUntil: current?.refreshAt) }
    }
    private let cache = FreshTokenCache()
    /// The token the API last refused here; never taken from Redis again.
    var refused: Secret?
    private var refresh: Task<Secret, any Error>?
    /// Callers within the margin start no new look at Redis before this.
    private var nextCheck = ContinuousClock.now
    /// Set while Redis is unreachable: until then this process fetches its own tokens.
    var redisRetryAt: ContinuousClock.Instant?
    /// Token calls this process made.
    public internal(set) var fetchCount = 0

    /// - Parameters:
    ///   - configuration: The merchant account; its `tokenRefreshMargin` says when to refresh.
    ///   - http: Makes the token calls.
    ///   - redis: Holds the shared token; an ordinary (non-blocking) client.
    ///   - options: Poll, recheck, lock and fallback timings.
    /// - Throws: when the appId cannot form a Redis key.
    public init(
        configuration: OTTPayConfiguration, http: HTTPClient, redis: RedisClient,
        options: SharedTokenOptions = .init(), logger: Logger
    ) throws(ConfigurationError) {
        self.margin = configuration.tokenRefreshMargin
        self.options = options
        self.store = SharedTokenStore(keys: try TokenKeys(appId: configuration.appId, apiBaseURL: configuration.baseURL), redis: redis)
        self.fetcher = TokenFetcher(configuration: configuration, http: http, logger: logger)
        self.logger = logger
    }

    public nonisolated func freshToken() -> Secret? {
        cache.fresh()
    }

    /// A token valid now. Fresh: from memory. Within the margin: the current one, while a refresh
    /// runs in the background. None valid: waits for the fleet's (or this process's) refresh.
    public func token() async throws(PayFailure) -> Secret {
        let now = ContinuousClock.now
        if let current, now < current.expiresAt {
            if now >= current.refreshAt, refresh == nil, now >= nextCheck { startRefresh() }
            return current.value
        }
        let task = refresh ?? startRefresh()
        do {
            return try await task.value
        } catch {
            throw error as? PayFailure ?? PayFailure(kind: .transient, code: "token", message: "\(error)")
        }
    }

    /// Drops `token` here and, if Redis still holds it, for the whole fleet.
    public func invalidate(_ token: Secret) async {
        refused = token
        if current?.value == token { current = nil }
        guard usesRedis else { return }
        do {
            if try await store.invalidate(token) { logger.info("Deleted the shared API token the API refused") }
        } catch {
            enterFallback(error)
        }
    }

    @discardableResult
    private func startRefresh() -> Task<Secret, any Error> {
        // Unstructured so that one refresh serves every caller, callers within the margin need
        // not wait for it, and a cancelled caller does not cancel it for the others.
        let task = Task { try await self.synchronize() }
        refresh = task
        return task
    }

    private var usesRedis: Bool {
        guard let redisRetryAt else { return true }
        return ContinuousClock.now >= redisRetryAt
    }

    /// One refresh: through Redis when it answers, else by this process alone.
    private func synchronize() async throws -> Secret {
        defer {
            refresh = nil
            nextCheck = .now + options.recheckInterval
        }
        guard usesRedis else { return try await fetchAlone() }
        do {
            let value = try await synchronizeThroughRedis()
            if redisRetryAt != nil {
                redisRetryAt = nil
                logger.info("Redis answers again: sharing the API token with the fleet")
            }
            return value
        } catch let error as RedisError {
            enterFallback(error)
            return try await fetchAlone()
        }
    }
}
