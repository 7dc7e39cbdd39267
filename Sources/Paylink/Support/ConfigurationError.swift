/// A setting that cannot be used; stops the program with a message naming it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The flag or environment variable, e.g. `--api-base-url` / `PAYLINK_API_BASE_URL`.
    public var setting: String
    public var reason: String

    public init(setting: String, reason: String) {
        self.setting = setting
        self.reason = reason
    }

    public var description: String { "invalid \(setting): \(reason)" }
}
