import Hummingbird

/// Puts the requester's principal in the context of every request, adds the security headers
/// to every answer, and, on a loopback dashboard without credentials, gives a browser with no
/// session one (as `local`), so that its actions still need a CSRF token.
///
/// That open mode also refuses requests whose `Host` is not a loopback name: a web page the
/// operator visits could otherwise rebind its own host name to 127.0.0.1 and read the API.
struct DashboardAuthMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    let auth: DashboardAuth

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var newSession: String?
        if auth.configuration.isOpen {
            guard Self.isLoopbackHost(request.head.authority) else {
                throw DashboardAPIError(.misdirectedRequest, "a dashboard without credentials answers only to 127.0.0.1, localhost or [::1]")
            }
        }
        if let (principal, session) = try auth.principal(of: request) {
            context.principal = principal
            context.sessionId = session
        } else if auth.configuration.isOpen {
            let opened = auth.sessions.open(name: "local", role: .admin)
            context.principal = opened.principal
            context.sessionId = opened.id
            newSession = opened.id
        }
        if let principal = context.principal {
            context.session = SessionModel(principal, readOnly: auth.configuration.readOnly, signInRequired: !auth.configuration.isOpen)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as DashboardAPIError {
            response = try error.response(from: request, context: context)
        }
        if let newSession { response.setCookie(auth.cookie(newSession, for: request)) }
        for (name, value) in JSONAnswer.securityHeaders where response.headers[name] == nil { response.headers[name] = value }
        return response
    }

    /// `127.0.0.1[:port]`, `localhost[:port]`, `[::1][:port]`.
    static func isLoopbackHost(_ authority: String?) -> Bool {
        guard let authority else { return false }
        var host = Substring(authority)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return DashboardAddress(host: String(host), port: 0).isLoopback
    }
}
