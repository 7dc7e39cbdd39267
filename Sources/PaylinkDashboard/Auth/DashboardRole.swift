/// What a signed-in operator may do. `viewer` reads everything the API shows; `admin` may also
/// run actions (retry, resolve, purge, pause, resume), unless the dashboard runs `--read-only`.
public enum DashboardRole: String, Sendable, Codable, CaseIterable {
    case admin
    case viewer
}

/// Who is making a request, once the dashboard has checked their credentials.
public struct DashboardPrincipal: Sendable, Equatable {
    /// How the request proved who it is.
    public enum Method: String, Sendable, Codable {
        /// A session cookie from a login, or from a loopback dashboard without credentials.
        case session
        /// `Authorization: Bearer <token>` with the token of `PAYLINK_DASHBOARD_TOKEN_FILE`.
        case token
    }

    /// The user's name as logged with every action (`token` for the bearer token, `local` on a
    /// loopback dashboard without credentials).
    public var name: String
    public var role: DashboardRole
    public var method: Method
    /// The session's CSRF token, which every POST made with its cookie must carry; nil for the
    /// bearer token (a browser never sends that by itself, so it needs none).
    public var csrfToken: String?

    public init(name: String, role: DashboardRole, method: Method, csrfToken: String?) {
        self.name = name
        self.role = role
        self.method = method
        self.csrfToken = csrfToken
    }
}
