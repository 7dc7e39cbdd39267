/// Which Redis server process answers, read from `INFO server`: its `run_id` changes with every
/// restart and differs on another server (a failover), which is how a worker notices that the
/// data may have gone back to an earlier state.
enum RedisServerIdentity {
    /// The `run_id:` value (40 hex digits), or nil when the text has none.
    static func runId(info: String) -> String? {
        // `\r\n` is one Character in Swift, so split on any newline.
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("run_id:") }) else { return nil }
        let id = line.dropFirst("run_id:".count)
        guard (1...64).contains(id.count), id.allSatisfy({ $0.isHexDigit }) else { return nil }
        return String(id)
    }
}
