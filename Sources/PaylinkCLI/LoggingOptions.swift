public import ArgumentParser
public import Logging

/// `--log-level` / `PAYLINK_LOG_LEVEL`, and the one place logging is bootstrapped.
public struct LoggingOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env PAYLINK_LOG_LEVEL; default info).")
    public var logLevel: String?

    public init() {}

    public func makeLogger(label: String) throws -> Logger {
        let name = logLevel ?? Environment.value("PAYLINK_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            throw ValidationError("invalid --log-level / PAYLINK_LOG_LEVEL: \"\(name)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingBootstrap.once()
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

/// swift-log may be bootstrapped once per process; `demo` and tests can ask more than once.
public enum LoggingBootstrap {
    /// A lazy static: Swift runs its initialiser exactly once, thread-safely.
    private static let bootstrapped: Void = LoggingSystem.bootstrap(StreamLogHandler.standardError)

    public static func once() {
        _ = bootstrapped
    }
}
