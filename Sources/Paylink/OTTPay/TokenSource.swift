/// A capability: hands out the bearer token for one merchant account and takes back one the API
/// refused.
///
/// `TokenProvider` serves one process; `SharedTokenProvider` shares one token across a fleet
/// through Redis. `OTTPayClient` takes either.
public protocol TokenSource: Sendable {
    /// A token valid for now; cheap while a cached one is fresh (called once per API call).
    /// - Throws: `.credentials` when the API refuses the appId/appKey, `.transient` otherwise.
    func token() async throws(PayFailure) -> Secret

    /// The current token while it is fresh, without waiting; nil when the caller must ask
    /// `token()` (none yet, refused, or due for a refresh).
    func freshToken() -> Secret?

    /// Drops `token` after the API refused it (an authorization error), unless a newer one
    /// already replaced it; the next `token()` gets a new one.
    func invalidate(_ token: Secret) async

    /// How many token calls this source has made (for tests and metrics).
    var fetchCount: Int { get async }
}

extension TokenSource {
    public func freshToken() -> Secret? { nil }
}
