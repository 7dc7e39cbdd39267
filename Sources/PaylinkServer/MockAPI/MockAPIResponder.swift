import Hummingbird
import ServiceLifecycle

/// Routes requests of the API stand-in: the three API calls and the `/mock/` operator endpoints.
///
/// A switch on the path rather than a `Router`: there are ten fixed paths, and pay calls are the
/// hot path of load tests, so nothing is spent on a trie or middleware.
struct MockAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// Largest body read; real pay bodies are under 1 KB.
    static let maximumBodyBytes = 64 * 1024

    let state: MockAPIState
    let latency: Duration
    let latencyJitter: Duration
    let staticResponses: Bool
    let staticBody: ByteBuffer

    init(configuration: MockAPIConfiguration, state: MockAPIState) {
        self.state = state
        latency = configuration.latency
        latencyJitter = configuration.latencyJitter
        staticResponses = configuration.staticResponses
        staticBody = ByteBuffer(bytes: Self.cannedPayBody())
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        switch path {
        case "/api/v1/pay/alipay/web-pay", "/api/v1/pay/alipay/wap-pay":
            guard request.method == .post else { return notAllowed() }
            return try await pay(path.hasSuffix("web-pay") ? .web : .wap, request: request)
        case "/api/v1/auth/token":
            guard request.method == .post else { return notAllowed() }
            return try await token(request: request)
        default:
            if path.hasPrefix("/mock/") { return try await operatorCall(path: path, request: request) }
            state.recordOtherRequest(status: 404)
            return Self.envelope(status: .notFound, MockAPIError.notFound.envelope)
        }
    }

    private func notAllowed() -> Response {
        state.recordOtherRequest(status: 405)
        return Self.envelope(status: .methodNotAllowed, MockAPIError.methodNotAllowed.envelope)
    }

    private func pay(_ kind: PayKind, request: Request) async throws -> Response {
        if staticResponses {
            return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: staticBody))
        }
        if latency > .zero || latencyJitter > .zero {
            let jitter = latencyJitter > .zero ? state.jitter(upTo: latencyJitter) : .zero
            try await Task.sleep(for: latency + jitter)
        }
        var request = request
        guard let body = try? await request.collectBody(upTo: Self.maximumBodyBytes) else {
            return Self.envelope(status: .contentTooLarge, MockAPIError.invalidParameter("body is too large").envelope)
        }
        let parsed = body.withUnsafeReadableBytes { PayRequest.parse($0) }
        let decision = state.decidePay(kind: kind, bearerToken: Self.bearerToken(request.headers), request: parsed)
        switch decision {
        case .reject(let status, let error, let retryAfter):
            var response = Self.envelope(status: .init(code: status), error.envelope)
            if let retryAfter { response.headers[.retryAfter] = retryAfter }
            return response
        case .unavailable(let retryAfter):
            var response = Self.proxyPage(status: .serviceUnavailable)
            if let retryAfter { response.headers[.retryAfter] = retryAfter }
            return response
        case .created(let link, let builder, let answered, let delivery):
            return await deliver(
                link: link, builder: builder, request: answered, kind: kind, delivery: delivery, path: request.uri.path)
        }
    }

    private func deliver(
        link: CreatedLink,
        builder: PayLinkBody,
        request: PayRequest,
        kind: PayKind,
        delivery: MockAPIState.Delivery,
        path: String
    ) async -> Response {
        switch delivery {
        case .normal:
            let body = builder.body(kind: kind, link: link, request: request)
            return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        case .malformed:
            // Cut inside payInfo: the JSON string never closes, as when a proxy truncates a reply.
            let body = builder.body(kind: kind, link: link, request: request)
            let cut = ByteBuffer(bytes: body.prefix(body.count * 6 / 10))
            return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: cut))
        case .hugeBody(let bytes):
            return Self.padded(builder.body(kind: kind, link: link, request: request), to: bytes)
        case .serverError(let status) where status == 500:
            // A Java API's default error body: JSON, but not the envelope.
            let text = #"{"timestamp":"\#(link.createdAtSeconds)","status":500,"error":"Internal Server Error","path":"\#(path)"}"#
            return Response(status: .internalServerError, headers: Self.jsonHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
        case .serverError(let status):
            return Self.proxyPage(status: .init(code: status))
        case .hang(let seconds):
            // Ends early on graceful shutdown so a 60 s hang cannot hold up stopping the server.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
            return Self.proxyPage(status: .gatewayTimeout)
        }
    }

    private func token(request: Request) async throws -> Response {
        var request = request
        guard let body = try? await request.collectBody(upTo: Self.maximumBodyBytes) else {
            return Self.envelope(status: .contentTooLarge, MockAPIError.invalidParameter("body is too large").envelope)
        }
        let values = body.withUnsafeReadableBytes { FlatJSONParser.parseObject($0, keys: ["appId", "appKey"]) }
        let credentials: Result<(appId: String, appKey: String), MockAPIError>
        if let values {
            switch (values[0], values[1]) {
            case (.string(let appId)?, .string(let appKey)?): credentials = .success((appId, appKey))
            case (.none, _), (.null?, _): credentials = .failure(.invalidParameter("appId is required"))
            case (_, .none), (_, .null?): credentials = .failure(.invalidParameter("appKey is required"))
            case (.string?, _): credentials = .failure(.invalidParameter("appKey must be a string"))
            default: credentials = .failure(.invalidParameter("appId must be a string"))
            }
        } else {
            credentials = .failure(.invalidParameter("body must be a JSON object"))
        }
        switch state.issueToken(credentials) {
        case .issued(let token, let expired):
            return Self.envelope(
                status: .ok, #"{"status":"SUCCESS","result":{"token":"\#(token)","expired":\#(expired)}}"#)
        case .reject(let error):
            return Self.envelope(status: .ok, error.envelope)
        }
    }

    /// The token after `Bearer ` (scheme matched case-insensitively), or `nil`.
    static func bearerToken(_ headers: HTTPFields) -> Substring? {
        guard let value = headers[.authorization] else { return nil }
        let scheme = value.prefix(7)
        guard scheme.count == 7, scheme.lowercased() == "bearer " else { return nil }
        let token = value.dropFirst(7)
        return token.isEmpty ? nil : token
    }
}
