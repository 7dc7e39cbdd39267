public import ArgumentParser
public import Logging

/// `--log-level` / `PAYLINK_LOG_LEVEL` and `--log-format` / `PAYLINK_LOG_FORMAT`, and the one
/// place logging is bootstrapped.
public struct LoggingOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env PAYLINK_LOG_LEVEL; default info).")
    public var logLevel: String?

    @Option(
        name: .customLong("log-format"),
        help: """
            text, or json: one object per line on stderr with ts, level, label, msg and the metadata \
            (env PAYLINK_LOG_FORMAT; default text).
            """)
    public var logFormat: String?

    public init() {}

    /// The chosen format.
    /// - Throws: `ValidationError` naming the flag and variable when the value is not a format.
    public func format() throws -> LogFormat {
        let name = logFormat ?? Environment.value("PAYLINK_LOG_FORMAT") ?? "text"
        guard let format = LogFormat(rawValue: name.lowercased()) else {
            throw ValidationError("invalid --log-format / PAYLINK_LOG_FORMAT: \"\(name)\" is not one of text, json")
        }
        return format
    }

    public func makeLogger(label: String) throws -> Logger {
        let name = logLevel ?? Environment.value("PAYLINK_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            throw ValidationError("invalid --log-level / PAYLINK_LOG_LEVEL: \"\(name)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingBootstrap.once(format: try format())
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
