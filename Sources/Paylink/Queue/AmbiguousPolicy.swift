/// What to do with an order whose earlier call may have created a link although paylink never
/// saw the answer (a timeout or dropped connection after sending, a worker that died while sending).
public enum AmbiguousPolicy: String, Sendable, CaseIterable {
    /// Send it again and flag the result `possibleDuplicate`, with the earlier attempts recorded.
    case retry
    /// Park it as `unknown` for an operator (`paylink unknown list|resolve`); never sent again automatically.
    case park
}
