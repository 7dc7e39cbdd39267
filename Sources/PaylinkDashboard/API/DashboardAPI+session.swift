import FoundationEssentials
import Hummingbird

/// `/api/session`, `/api/login`, `/api/logout`.
extension DashboardAPI {
    struct LoginRequest: Decodable {
        let user: String
        let password: String
    }

    static func registerSession(on api: RouterGroup<DashboardContext>, dashboard: Dashboard) {
        let readOnly = dashboard.configuration.readOnly
        api.get("session") { _, context -> Response in
            try JSONAnswer.response(try context.requireSession())
        }
        api.post("login") { request, context -> Response in
            let body = try await decode(LoginRequest.self, from: request, context: context)
            let (id, principal) = try await dashboard.auth.login(user: body.user, password: body.password)
            var response = try JSONAnswer.response(SessionModel(principal, readOnly: readOnly, signInRequired: true))
            response.setCookie(dashboard.auth.cookie(id, for: request))
            return response
        }
        api.post("logout") { request, context -> Response in
            guard let id = context.sessionId, let principal = context.principal else {
                throw DashboardAPIError(.badRequest, "no session to end")
            }
            guard let sent = request.headers[DashboardAuth.csrfHeader], let expected = principal.csrfToken,
                SessionStore.constantTimeEqual(sent, expected)
            else { throw DashboardAPIError(.forbidden, "missing or wrong CSRF token: send the session's csrfToken in X-CSRF-Token") }
            dashboard.auth.sessions.close(session: id)
            var response = try JSONAnswer.response(["signedOut": true])
            response.setCookie(dashboard.auth.cookie("", for: request, clear: true))
            return response
        }
    }

    /// Largest request body read: an action names at most a few hundred orders.
    static let maxBodyBytes = 256 * 1024

    /// A JSON body as `type`; 415 unless it says `application/json` (which also keeps a plain
    /// HTML form on another site from posting here), 400 when it does not decode.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: DashboardContext) async throws -> T {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("application/json") else {
            throw DashboardAPIError(.unsupportedMediaType, "send the body as JSON (Content-Type: application/json)")
        }
        let buffer = try await collectBody(of: request, upTo: maxBodyBytes)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch {
            throw DashboardAPIError.badRequest("the body is not the JSON this call takes: \(error)")
        }
    }

    /// The request's body, or 413 past `limit` bytes.
    static func collectBody(of request: Request, upTo limit: Int) async throws(DashboardAPIError) -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw DashboardAPIError(.contentTooLarge, "the body is larger than \(limit) bytes")
        }
    }
}
