public import Logging
public import PaylinkHTTP
import Synchronization

/// Creates payment links through OTT Pay's e-commerce API for one merchant account.
///
/// Handles the bearer token (one refresh on an authorization error, never a loop) and sorts
/// every outcome into a `PaymentLink` or a `PayFailure` whose kind says whether a retry is safe.
public final class OTTPayClient: Sendable {
    private let configuration: OTTPayConfiguration
    private let http: HTTPClient
    private let tokens: any TokenSource
    private let webPayURL: String
    private let wapPayURL: String
    /// The headers of the current token, built once per token rather than once per order.
    private let payHeaders = Mutex<(token: Secret, headers: HTTPHeaders)?>(nil)

    /// A client with a token of its own, refreshed by this process alone.
    public convenience init(configuration: OTTPayConfiguration, http: HTTPClient, logger: Logger) {
        self.init(configuration: configuration, http: http, tokens: TokenProvider(configuration: configuration, http: http, logger: logger))
    }

    /// A client whose token comes from `tokens`, e.g. a `SharedTokenProvider` for the whole fleet.
    public init(configuration: OTTPayConfiguration, http: HTTPClient, tokens: any TokenSource) {
        self.configuration = configuration
        self.http = http
        self.tokens = tokens
        self.webPayURL = configuration.baseURL + "/api/v1/pay/alipay/web-pay"
        self.wapPayURL = configuration.baseURL + "/api/v1/pay/alipay/wap-pay"
    }

    /// The merchant's appId, which is OTT Pay's merchant ID: what a link's `merchantId` must be.
    public var appId: String { configuration.appId }

    /// Token refreshes one call may make after refusals (see `createPaymentLink`).
    static let credentialRefreshes = 2

    /// Whether its HTTP client is closed for good, so that no call can succeed any more.
    public var isClosed: Bool { http.isClosed }

    /// How many tokens this client has fetched (for tests and metrics).
    public var tokenFetchCount: Int {
        get async { await tokens.fetchCount }
    }

    /// Holds a usable token, fetching one if none is fresh: what `/readyz` asks. A fetch made
    /// here is the one the next order would have made.
    public func ensureToken() async throws(PayFailure) {
        if tokens.freshToken() != nil { return }
        _ = try await tokens.token()
    }

    /// Asks the API for a payment link for `order`.
    public func createPaymentLink(for order: Order) async -> Result<PaymentLink, PayFailure> {
        do throws(PayFailure) {
            var token: Secret
            if let fresh = tokens.freshToken() {
                token = fresh
            } else {
                token = try await tokens.token()
            }
            var outcome = await send(order, token: token)
            // The token may have expired early or been revoked: drop it and take the current one.
            // That one may be a token another call fetched a while ago, dead by now as well, so a
            // second refusal drops it too; the token after that was fetched after this call's
            // refusal, and only its refusal stops the worker. A refusal creates nothing, so
            // sending again is safe.
            var refreshes = 0
            while case .failure(let failure) = outcome, failure.kind == .credentials, refreshes < Self.credentialRefreshes {
                refreshes += 1
                await tokens.invalidate(token)
                token = try await tokens.token()
                outcome = await send(order, token: token)
            }
            return outcome
        } catch {
            return .failure(error)
        }
    }

    private func send(_ order: Order, token: Secret) async -> Result<PaymentLink, PayFailure> {
        let request = payRequest(for: order, token: token)
        do {
            return PayResponseClassifier.classify(try await http.execute(request))
        } catch {
            return .failure(PayResponseClassifier.classify(error))
        }
    }

    /// Not inlined, so that building the request happens on the thread's stack rather than in
    /// the async frame every order in flight keeps.
    @inline(never)
    private func payRequest(for order: Order, token: Secret) -> HTTPRequest {
        var body = JSONWriter()
        body.add("amount", order.amount)
        body.add("callbackURL", order.callbackURL)
        body.add("returnURL", order.returnURL)
        body.add("remark", order.remark)
        return HTTPRequest(
            method: .post, url: order.channel == .web ? webPayURL : wapPayURL, headers: headers(for: token),
            body: body.finish())
    }

    private func headers(for token: Secret) -> HTTPHeaders {
        payHeaders.withLock { cached in
            if let cached, cached.token == token { return cached.headers }
            let headers: HTTPHeaders = ["Content-Type": "application/json", "Authorization": "Bearer " + token.reveal()]
            cached = (token, headers)
            return headers
        }
    }
}
