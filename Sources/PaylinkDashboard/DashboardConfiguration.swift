public import Paylink

/// Everything `paylink dashboard` was told: where to listen, which queues, who may sign in.
public struct DashboardConfiguration: Sendable {
    /// Whether cookies carry `Secure`.
    public enum SecureCookies: String, Sendable, CaseIterable {
        /// When the request came over TLS as a proxy in front says (`X-Forwarded-Proto: https`).
        case auto
        /// Always: the dashboard is only ever reached through TLS.
        case always
    }

    public var address: DashboardAddress
    /// The queues shown, each with its shards; empty: every queue the live workers serve
    /// (from their heartbeats), and those seen since the dashboard started.
    public var queues: [QueueShards]
    /// Also show every queue the live workers serve (what `--queues` turns off).
    public var discovers: Bool
    /// Refuse every action (405), whoever asks.
    public var readOnly: Bool
    /// The users who may sign in, from `PAYLINK_DASHBOARD_USERS_FILE`.
    public var users: DashboardUsers?
    /// The bearer token of `PAYLINK_DASHBOARD_TOKEN_FILE`, for scripts; it has the admin role.
    public var token: Secret?
    public var secureCookies: SecureCookies
    /// How long a login lasts.
    public var sessionLifetime: Duration

    public init(
        address: DashboardAddress = .standard, queues: [QueueShards] = [], discovers: Bool = true, readOnly: Bool = false,
        users: DashboardUsers? = nil, token: Secret? = nil, secureCookies: SecureCookies = .auto,
        sessionLifetime: Duration = .seconds(12 * 3600)
    ) {
        self.address = address
        self.queues = queues
        self.discovers = discovers
        self.readOnly = readOnly
        self.users = users
        self.token = token
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
    }

    /// True when no credentials are configured: only allowed on loopback, where every local
    /// browser gets a session as `local` (admin unless read-only).
    public var isOpen: Bool { users == nil && token == nil }

    /// Shortest bearer token accepted: 128 bits of hex or base64 is about 22-32 characters.
    static let minimumTokenLength = 24

    /// - Throws: `DashboardSetupError` when the dashboard would listen beyond loopback without
    ///   credentials, or the token is too short to resist guessing.
    public func validate() throws(DashboardSetupError) {
        if isOpen, !address.isLoopback {
            throw DashboardSetupError(
                "refusing to listen on \(address) without credentials: set PAYLINK_DASHBOARD_USERS_FILE or PAYLINK_DASHBOARD_TOKEN_FILE, or listen on 127.0.0.1")
        }
        if let token, token.reveal().count < Self.minimumTokenLength {
            throw DashboardSetupError("invalid PAYLINK_DASHBOARD_TOKEN_FILE: the token must be at least \(Self.minimumTokenLength) characters (e.g. openssl rand -hex 32)")
        }
    }
}
