import Foundation
import Logging
import PaylinkHTTP

/// Holds the bearer token for one merchant account and refreshes it once for all callers.
///
/// Callers ask for `token()` on every API call; it costs an actor hop while the token is fresh.
/// A refresh starts shortly before `expired`, or after `invalidate(_:)` on an authorization error,
/// and concurrent callers share that one refresh instead of each fetching a token.
actor TokenProvider {
    private struct Token {
        var value: Secret
        var refreshAt: ContinuousClock.Instant
    }

    private let configuration: OTTPayConfiguration
    private let http: HTTPClient
    private let logger: Logger
    private var current: Token?
    private var refresh: Task<Token, any Error>?
    private(set) var fetchCount = 0

    init(configuration: OTTPayConfiguration, http: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
    }

    /// A token valid for at least the refresh margin.
    func token() async throws(PayFailure) -> Secret {
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
    func invalidate(_ token: Secret) {
        if current?.value == token { current = nil }
    }

    private func fetch() async throws(PayFailure) -> Token {
        fetchCount += 1
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
            let lifetime = Duration.milliseconds(expired - Int64(Date().timeIntervalSince1970 * 1000))
            let refreshAt = ContinuousClock.now + max(.zero, lifetime - configuration.tokenRefreshMargin)
            logger.info("Fetched an API token", metadata: ["appId": "\(configuration.appId)", "validFor": "\(lifetime)"])
            return Token(value: Secret(token), refreshAt: refreshAt)
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
