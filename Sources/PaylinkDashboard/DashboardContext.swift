public import Hummingbird

/// The request context of every dashboard route: Hummingbird's core, and who is asking once
/// ``DashboardAuthMiddleware`` has looked (nil: nobody proved who they are).
public struct DashboardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in operator, or the bearer token's holder.
    public var principal: DashboardPrincipal?
    /// The session cookie's value, when the principal came from one.
    public var sessionId: String?
    /// What pages show of who is asking (nil: not signed in); set with the principal.
    public var session: SessionModel?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The session, or a 401 for a route that needs one.
    public func requireSession() throws(DashboardAPIError) -> SessionModel {
        _ = try requirePrincipal()
        guard let session else { throw DashboardAPIError(.unauthorized, "sign in first") }
        return session
    }

    /// The principal, or a 401 for a route that needs one.
    public func requirePrincipal() throws(DashboardAPIError) -> DashboardPrincipal {
        guard let principal else { throw DashboardAPIError(.unauthorized, "sign in first (POST /api/login) or send Authorization: Bearer <token>") }
        return principal
    }
}
