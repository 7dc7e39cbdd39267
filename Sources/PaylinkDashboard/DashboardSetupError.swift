/// Why the dashboard cannot start as configured: a bad address, a missing or unreadable
/// credentials file, credentials missing off loopback. The message names the setting and never
/// holds a secret.
public struct DashboardSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
