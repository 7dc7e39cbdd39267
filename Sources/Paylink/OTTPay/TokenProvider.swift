public import Logging
public import PaylinkHTTP

/// Holds the bearer token for one merchant account and refreshes it once for all callers.
///
/// Callers take the token from `freshToken()` on every API call, without an actor hop, and ask
/// `token()` only when it is missing or due for a refresh.
/// A refresh starts shortly before `expired`, or after `invalidate(_:)` on an authorization error,
/// and concurrent callers share that one refresh instead of each fetching a token.
public actor TokenProvider: TokenSource {
    private struct Token {
        var value: Secret
        var refreshAt: ContinuousClock.Instant
    }

    private let configuration: OTTPayConfiguration
    private let fetcher: TokenFetcher
    private var current: Token? {
        didSet { cache.publish(current?.value, freshUntil: current?.refreshAt) }
    }
    private let cache = FreshTokenCache()
    private var refresh: Task<Token, any Error>?
    public private(set) var fetchCount = 0

    public init(configuration: OTTPayConfiguration, http: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.fetcher = TokenFetcher(configuration: configuration, http: http, logger: logger)
    }

    public nonisolated func freshToken() -> Secret? {
        cache.fresh()
    }

    /// A token valid for at least the refresh margin.
    public func token() async throws(PayFailure) -> Secret {
        if let current, ContinuousClock.now < current.refreshAt { return current.value }
        let task: Task<Token, any Error>
        if let refresh {
            task = refresh
        } else {
            // An unstructured task so that one fetch serves every caller waiting here, and a
            // cancelled caller does not cancel the fetch the others wait for.
            task = Task { try await self.fetch() }
            refresh = task
        }
        do {
            let token = try await task.value
            if refresh == task {
                current = token
                refresh = nil
            }
            return token.value
        } catch {
            if refresh == task { refresh = nil }
            throw error as? PayFailure ?? PayFailure(kind: .transient, code: "token", message: "\(error)")
        }
    }

    /// Drops `token` after the API refused it, unless a newer one already replaced it.
    public func invalidate(_ token: Secret) {
        if current?.value == token { current = nil }
    }

    private func fetch() async throws(PayFailure) -> Token {
        fetchCount += 1
        let fetched = try await fetcher.fetch()
        let refreshAt = ContinuousClock.now + max(.zero, fetched.localLifetime - configuration.tokenRefreshMargin)
        return Token(value: fetched.value, refreshAt: refreshAt)
    }
}
