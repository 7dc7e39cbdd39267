/// How log records are written on standard error: `--log-format` / `PAYLINK_LOG_FORMAT`.
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's `StreamLogHandler` lines, for people reading a terminal.
    case text
    /// One JSON object per line (``JSONLogHandler``), for log collectors.
    case json
}
