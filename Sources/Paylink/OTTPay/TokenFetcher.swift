import FoundationEssentials
import Logging
import PaylinkHTTP

/// Fetcher: makes one `POST /api/v1/auth/token` call and sorts its answer; no caching.
///
/// Both token providers use it: `TokenProvider` per process, `SharedTokenProvider` for the fleet.
struct TokenFetcher: Sendable {
    /// A token as the API issued it.
    struct Fetched: Sendable {
        var value: Secret
        /// The API's `expired`: Unix time in ms on OTT Pay's clock.
        var expiredMillis: Int64

        /// Time left by this machine's wall clock (used when Redis, the fleet's clock, is away).
        var localLifetime: Duration {
            let (left, overflow) = expiredMillis.subtractingReportingOverflow(UnixTime.milliseconds())
            return overflow ? .zero : .milliseconds(left)
        }
    }

    /// The longest token lifetime believed (ms): the API's tokens live about 15 minutes, so an
    /// `expired` further ahead is cut to this, never a token to keep for a year.
    static let longestLifetimeMillis: Int64 = 24 * 3_600_000

    let configuration: OTTPayConfiguration
    let http: HTTPClient
    let logger: Logger

    /// Asks the API for a new token.
    /// - Throws: `.credentials` when the API refuses the appId/appKey (10003), `.configuration`
    ///   for 404/405 (no such endpoint: a wrong base URL), `.transient` otherwise.
    func fetch() async throws(PayFailure) -> Fetched {
        var body = JSONWriter()
        body.add("appId", configuration.appId)
        body.add("appKey", configuration.appKey.reveal())
        let request = HTTPRequest(
            method: .post, url: configuration.baseURL + "/api/v1/auth/token",
            headers: ["Content-Type": "application/json"], body: body.finish())
        let response: HTTPResponse
        do {
            response = try await http.execute(request)
        } catch {
            throw PayFailure(kind: .transient, code: "token_\(error.code)", message: "token request failed: \(error)")
        }
        let envelope = APIEnvelope.decode(response.body)
        var refusedCredentials = false
        if case .error(let code, _)? = envelope, code == "10003" { refusedCredentials = true }
        if response.status == 404 || response.status == 405, !refusedCredentials {
            // A wrong base URL or path: every order would fail alike, so the worker stops.
            throw PayFailure(
                kind: .configuration, code: "token_http_\(response.status)",
                message: "the API has no token endpoint at \(configuration.baseURL) (HTTP \(response.status)): check --api-base-url")
        }
        switch envelope {
        case .success(let result)?:
            guard let token = result["token"]?.stringValue, !token.isEmpty else {
                throw PayFailure(kind: .transient, code: "token_bad_response", message: "token response lacks token")
            }
            let expired: Int64
            switch Self.expiry(result["expired"], nowMillis: UnixTime.milliseconds()) {
            case .success(let value): expired = value
            case .failure(let problem): throw problem
            }
            let fetched = Fetched(value: Secret(token), expiredMillis: expired)
            logger.info("Fetched an API token", metadata: ["appId": "\(configuration.appId)", "validFor": "\(fetched.localLifetime)"])
            return fetched
        case .error(let code, let message)? where code == "10003":
            throw PayFailure(kind: .credentials, code: code, message: "the API refused appId \(configuration.appId): \(message)")
        case .error(let code, let message)?:
            throw PayFailure(kind: .transient, code: code, message: "token request refused: \(message)")
        case nil:
            throw PayFailure(kind: .transient, code: "token_http_\(response.status)", message: "token request got HTTP \(response.status) with no envelope")
        }
    }

    /// Reads the answer's `expired` (Unix ms, a number or a string of digits) and checks it is
    /// after `nowMillis`; one more than ``longestLifetimeMillis`` ahead (by this machine's clock)
    /// is cut to that.
    /// - Returns: the expiry, or a `token_bad_response` failure saying what is wrong with it,
    ///   which callers handle like any bad token answer (transient: the order is retried).
    static func expiry(_ value: JSONValue?, nowMillis: Int64) -> Result<Int64, PayFailure> {
        func bad(_ reason: String) -> Result<Int64, PayFailure> {
            .failure(PayFailure(kind: .transient, code: "token_bad_response", message: "token response: \"expired\" \(reason)"))
        }
        let parsed: Int64?
        switch value {
        case .number?: parsed = value?.exactInt64
        case .string(let text)?: parsed = Int64(text)
        case nil: return bad("is missing")
        default: parsed = nil
        }
        guard let expired = parsed else { return bad("is not a whole number of milliseconds within range") }
        let (left, overflow) = expired.subtractingReportingOverflow(nowMillis)
        guard !overflow, left > 0 else { return bad("\(expired) is not after now (\(nowMillis) ms by this machine's clock)") }
        // Further ahead is not believed, but not refused either: a gateway (or a static test
        // responder) that states a long lifetime still works, refreshed after a day at the latest,
        // and a token revoked before that is caught by the API's refusal.
        return .success(left <= longestLifetimeMillis ? expired : nowMillis + longestLifetimeMillis)
    }
}
