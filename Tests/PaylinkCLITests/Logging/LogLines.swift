import Foundation
import Logging
import PaylinkCLI
import Synchronization

/// Collects what a ``JSONLogHandler`` writes, one entry per `write`, for tests to parse.
final class LogLines: Sendable {
    private let lines = Mutex<[[UInt8]]>([])

    var output: LogOutput {
        LogOutput { [self] line in lines.withLock { $0.append(line) } }
    }

    /// Every write so far, as text.
    var texts: [String] { lines.withLock { $0.map { String(decoding: $0, as: UTF8.self) } } }

    /// A logger at `level` whose handler writes here.
    func logger(label: String = "test", level: Logger.Level = .trace, provider: Logger.MetadataProvider? = nil)
        -> Logger
    {
        var logger = Logger(label: label) { label in
            JSONLogHandler(label: label, metadataProvider: provider, output: self.output)
        }
        logger.logLevel = level
        return logger
    }

    /// Each write parsed as one JSON object (Foundation's parser, independent of the writer).
    func objects() throws -> [[String: Any]] {
        try lines.withLock { $0 }.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return object
        }
    }
}
