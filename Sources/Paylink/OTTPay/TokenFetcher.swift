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
            .milliseconds(expiredMillis - Int64(Date().timeIntervalSince1970 * 1000))
        }
    }

    let configuration: OTTPayConfiguration
    let http: HTTPClient
    let logger: Logger

    /// Asks the API for a new token.
    /// - Throws: `.credentials` when the API refuses the appId/appKey (10003), `.transient` otherwise.
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
        switch APIEnvelope.decode(response.body) {
        case .success(let result)?:
            guard let token = result["token"]?.stringValue, !token.isEmpty, let expired = Self.milliseconds(result["expired"]) else {
                throw PayFailure(kind: .transient, code: "token_bad_response", message: "token response lacks token or expired")
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

    private static func milliseconds(_ value: JSONValue?) -> Int64? {
        switch value {
        case .number(let literal)?: Int64(literal) ?? Double(literal).map { Int64($0) }
        case .string(let text)?: Int64(text)
        default: nil
        }
    }
}
