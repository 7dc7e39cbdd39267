/// What the throughput counters count: an order's result becoming final, by its final status,
/// and an element with no usable orderId sent to the dead list (`rejected`). The raw value is the
/// field suffix in the throughput hashes (`QueueKeys.throughputMinutes`).
public enum ThroughputOutcome: String, Sendable, CaseIterable, Hashable {
    case succeeded
    case failed
    case invalid
    case unknown
    /// A dead entry with no orderId (`job:<jobId>`), as `counts.rejected` counts them.
    case rejected

    /// How the Lua scripts write this name: the status or counts field it is (`LuaNames`).
    var luaName: String {
        switch self {
        case .succeeded: "S.succeeded"
        case .failed: "S.failed"
        case .invalid: "S.invalid"
        case .unknown: "S.unknown"
        case .rejected: "N.rejected"
        }
    }
}
