import Logging
import Synchronization

/// Bootstraps swift-log once per process with the chosen ``LogFormat``.
///
/// swift-log stops the process if it is bootstrapped twice, and `demo` and tests ask for a logger
/// more than once, so only the first call bootstraps; later calls keep that first format.
public enum LoggingBootstrap {
    /// The format in effect, nil until the first call.
    private static let chosen = Mutex<LogFormat?>(nil)

    /// The format logging was bootstrapped with; nil before a command asked for a logger.
    public static var format: LogFormat? {
        chosen.withLock { $0 }
    }

    /// Bootstraps logging with `format` unless it is already bootstrapped.
    /// - Returns: the format in effect (the first one asked for).
    @discardableResult
    public static func once(format: LogFormat) -> LogFormat {
        chosen.withLock { current in
            if let current { return current }
            switch format {
            case .text:
                LoggingSystem.bootstrap(StreamLogHandler.standardError)
            case .json:
                LoggingSystem.bootstrap { label in
                    JSONLogHandler(label: label, metadataProvider: LoggingSystem.metadataProvider)
                }
            }
            current = format
            return format
        }
    }
}
