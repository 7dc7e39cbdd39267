public import HTTPTypes
public import Hummingbird
import HummingbirdBcrypt
import Logging
import NIOPosix
import Paylink
import Synchronization

/// Who may use the dashboard and how they prove it: the users file (a login gives a session
/// cookie), the bearer token, or, on loopback with neither configured, a session for every
/// local browser as `local`. Also the one place that decides whether a request may run an
/// action: not `--read-only` (405), signed in (401), the admin role (403), and for a session,
/// the session's CSRF token in `X-CSRF-Token` (403).
public final class DashboardAuth: Sendable {
    /// The session cookie's name.
    public static let cookieName = "paylink_session"
    /// The header every POST made with a session cookie carries its CSRF token in.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// Failed logins per user name allowed in ``failureWindow`` before further tries are refused
    /// (429) until it passes: bcrypt makes each guess slow, this bounds how many there are.
    static let maxFailures = 5
    static let failureWindow = Duration.seconds(60)
    /// Longest password accepted: bcrypt reads at most 72 bytes anyway.
    static let maxPasswordBytes = 1024

    let configuration: DashboardConfiguration
    public let sessions: SessionStore
    let logger: Logger
    private let failures = Mutex<[String: (count: Int, since: ContinuousClock.Instant)]>([:])

    init(configuration: DashboardConfiguration, logger: Logger) {
        self.configuration = configuration
        self.sessions = SessionStore(lifetime: configuration.sessionLifetime)
        self.logger = logger
    }

    /// The principal a request proves: its bearer token, or its session cookie.
    /// - Throws: 401 for an `Authorization` header that is not the configured token.
    func principal(of request: Request) throws(DashboardAPIError) -> (DashboardPrincipal, session: String?)? {
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let token = configuration.token,
                SessionStore.constantTimeEqual(String(header.dropFirst(7)), token.reveal())
            else { throw DashboardAPIError(.unauthorized, "the bearer token is not the dashboard's") }
            return (DashboardPrincipal(name: "token", role: .admin, method: .token, csrfToken: nil), nil)
        }
        if let id = request.cookies[Self.cookieName]?.value, let principal = sessions.principal(session: id) {
            return (principal, id)
        }
        return nil
    }

    /// Checks a user's password (bcrypt or Argon2, on NIO's thread pool: a verify takes tens of ms of CPU,
    /// which must not hold a cooperative thread) and opens a session.
    /// - Throws: 400 without a users file, 429 after too many failures, 401 for a wrong name or
    ///   password (the same answer for both, after the same work).
    public func login(user: String, password: String) async throws(DashboardAPIError) -> (id: String, principal: DashboardPrincipal) {
        guard let users = configuration.users else {
            throw DashboardAPIError(.badRequest, "this dashboard has no users file; sign in with the bearer token instead")
        }
        guard user.utf8.count <= DashboardUsers.maxNameLength, password.utf8.count <= Self.maxPasswordBytes else {
            throw DashboardAPIError(.unauthorized, "wrong user name or password")
        }
        let now = ContinuousClock.now
        let blocked = failures.withLock { failures in
            if let entry = failures[user], now - entry.since < Self.failureWindow { return entry.count >= Self.maxFailures }
            return false
        }
        guard !blocked else { throw DashboardAPIError(.tooManyRequests, "too many failed logins for this user; wait a minute") }
        let account = users.users[user]
        // For an unknown name, the work of checking a known user's hash, so the answer's timing
        // does not tell the two apart.
        let decoy = users.users.values.min { $0.name < $1.name }?.hash ?? ""
        let matches: Bool
        do {
            matches = try await NIOThreadPool.singleton.runIfActive {
                guard let account else {
                    _ = PasswordHash.verify(password, hash: decoy)
                    return false
                }
                return PasswordHash.verify(password, hash: account.hash)
            }
        } catch {
            throw DashboardAPIError(.serviceUnavailable, "the dashboard is shutting down")
        }
        guard matches, let account else {
            failures.withLock { failures in
                let entry = failures[user].flatMap { now - $0.since < Self.failureWindow ? $0 : nil } ?? (count: 0, since: now)
                if failures.count < 10_000 || failures[user] != nil { failures[user] = (entry.count + 1, entry.since) }
            }
            logger.warning("Dashboard login refused", metadata: ["user": "\(user)"])
            throw DashboardAPIError(.unauthorized, "wrong user name or password")
        }
        _ = failures.withLock { $0.removeValue(forKey: user) }
        logger.info("Dashboard login", metadata: ["user": "\(account.name)", "role": "\(account.role.rawValue)"])
        return sessions.open(name: account.name, role: account.role)
    }

    /// The session cookie for `id`: HttpOnly, SameSite=Strict, Path=/, Secure over TLS.
    func cookie(_ id: String, for request: Request, clear: Bool = false) -> Cookie {
        let secure = configuration.secureCookies == .always || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        return Cookie(
            name: Self.cookieName, value: clear ? "" : id, maxAge: clear ? 0 : Int(configuration.sessionLifetime.components.seconds),
            path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Whether `context` may run an action now; logs nothing (the action logs itself).
    /// - Returns: the principal, for the action's log line.
    public func authorizeAction(_ request: Request, context: DashboardContext) throws(DashboardAPIError) -> DashboardPrincipal {
        guard !configuration.readOnly else {
            throw DashboardAPIError(.methodNotAllowed, "this dashboard runs --read-only: actions are refused")
        }
        let principal = try context.requirePrincipal()
        guard principal.role == .admin else {
            throw DashboardAPIError(.forbidden, "user \(principal.name) has the viewer role: actions need admin")
        }
        if principal.method == .session {
            guard let sent = request.headers[Self.csrfHeader], let expected = principal.csrfToken,
                SessionStore.constantTimeEqual(sent, expected)
            else { throw DashboardAPIError(.forbidden, "missing or wrong CSRF token: send the session's csrfToken (GET /api/session) in X-CSRF-Token") }
        }
        return principal
    }
}
