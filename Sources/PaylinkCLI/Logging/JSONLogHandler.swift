public import Logging

/// A swift-log handler that writes each record as one JSON object on one line (`--log-format json`).
///
/// Members: `ts` (RFC 3339 UTC, milliseconds), `level`, `label`, `msg`, then the metadata as
/// top-level members in key order. Metadata is merged as swift-log's `StreamLogHandler` does:
/// the handler's own (`logger[metadataKey:]`), then the metadata provider's, then the call
/// site's, each later one winning. A metadata key equal to one of the four fixed members is
/// written with a leading `_` (more if that is taken too), so a record's own fields are never
/// overwritten. Use `text` instead when a person reads the log directly.
///
/// ```
/// {"ts":"2026-12-02T08:15:30.123Z","level":"debug","label":"paylink.worker","msg":"Payment link created","attempt":"1","orderId":"A-1"}
/// ```
public struct JSONLogHandler: LogHandler {
    /// The member names every line has; metadata never takes them.
    static let reservedKeys = ["ts", "level", "label", "msg"]

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: LogOutput

    /// A handler for `label` writing to `output` (standard error unless a test collects lines).
    public init(label: String, metadataProvider: Logger.MetadataProvider?, output: LogOutput = .standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = JSONLogLine()
        line.addTimestamp("ts")
        line.add("level", event.level.rawValue)
        line.add("label", label)
        line.add("msg", event.message.description)
        let merged = mergedMetadata(event)
        for key in merged.keys.sorted() {
            if let value = merged[key] { line.add(key, value) }
        }
        output.write(line.finish())
    }

    /// The record's metadata in precedence order, with reserved names moved aside.
    private func mergedMetadata(_ event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        for key in Self.reservedKeys {
            guard let value = merged.removeValue(forKey: key) else { continue }
            var renamed = "_" + key
            while merged[renamed] != nil { renamed = "_" + renamed }
            merged[renamed] = value
        }
        return merged
    }
}
