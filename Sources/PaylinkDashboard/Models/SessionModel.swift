/// Who is asking, as `GET /api/session` answers and pages show it.
public struct SessionModel: Encodable, Sendable {
    public let user: String
    public let role: DashboardRole
    public let method: DashboardPrincipal.Method
    /// The token POSTs made with this session's cookie carry in `X-CSRF-Token`; null for the
    /// bearer token, which needs none.
    public let csrfToken: String?
    /// Whether this user may run actions here: admin, and the dashboard is not `--read-only`.
    public let canAct: Bool
    public let readOnly: Bool
    /// False on a loopback dashboard without credentials (everyone local is `local`).
    public let signInRequired: Bool

    public init(_ principal: DashboardPrincipal, readOnly: Bool, signInRequired: Bool) {
        user = principal.name
        role = principal.role
        method = principal.method
        csrfToken = principal.csrfToken
        canAct = principal.role == .admin && !readOnly
        self.readOnly = readOnly
        self.signInRequired = signInRequired
    }
}
