import Synchronization

/// The dashboard's sign-ins: session ID → who, their CSRF token, and when it ends.
///
/// Sessions live in this process's memory only: a restart signs everyone out, which is the safe
/// side for a tool that can retry and purge. A session ID and a CSRF token are each 32 random
/// bytes (the system's generator, `getrandom`), as hex. Lookups are constant-time in the
/// comparison of the ID (a `Dictionary` hash, then one compare); the CSRF check compares in
/// constant time.
public final class SessionStore: Sendable {
    struct Session {
        var principal: DashboardPrincipal
        /// Monotonic instant after which the session is gone.
        var expires: ContinuousClock.Instant
    }

    /// Most sessions kept at once; past it the one closest to expiry is dropped. Far more than
    /// a team of operators, small enough that a flood of logins cannot grow memory without end.
    static let maxSessions = 10_000

    private let sessions = Mutex<[String: Session]>([:])
    let lifetime: Duration

    /// - Parameter lifetime: how long a session lasts after its login (default 12 h).
    public init(lifetime: Duration = .seconds(12 * 3600)) {
        self.lifetime = lifetime
    }

    /// Opens a session for a user who proved who they are.
    /// - Returns: the session ID (the cookie's value) and the principal with its CSRF token.
    public func open(name: String, role: DashboardRole) -> (id: String, principal: DashboardPrincipal) {
        let id = Self.randomToken()
        let principal = DashboardPrincipal(name: name, role: role, method: .session, csrfToken: Self.randomToken())
        let now = ContinuousClock.now
        sessions.withLock { sessions in
            if sessions.count >= Self.maxSessions {
                sessions = sessions.filter { $0.value.expires > now }
                if sessions.count >= Self.maxSessions, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                    sessions.removeValue(forKey: oldest.key)
                }
            }
            sessions[id] = Session(principal: principal, expires: now + lifetime)
        }
        return (id, principal)
    }

    /// The principal of a live session, or nil (unknown or expired, which is then dropped).
    public func principal(session id: String) -> DashboardPrincipal? {
        guard id.utf8.count == 64 else { return nil }
        let now = ContinuousClock.now
        return sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expires > now else {
                sessions.removeValue(forKey: id)
                return nil
            }
            return session.principal
        }
    }

    /// Ends a session (logout).
    public func close(session id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// 32 random bytes as 64 hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }

    /// Equal strings, in time that depends only on their lengths (for tokens a client sends).
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
