/// How long, and how many, dead entries and final results a queue keeps. Workers apply it
/// periodically so Redis memory does not grow without end. nil means no limit.
///
/// A `succeeded` result is what stops an order being sent twice: a push of the same orderId after
/// its result is trimmed creates a new link. Keep `resultMaxAge` longer than producers may re-push.
public struct Retention: Sendable, Equatable {
    public var deadMaxAge: Duration?
    public var deadMaxCount: Int?
    public var resultMaxAge: Duration?
    public var resultMaxCount: Int?
    /// Events older than this are trimmed from the stream (which is also capped by length).
    public var eventMaxAge: Duration?
    /// A batch's hash and order set expire this long after their last change.
    public var batchMaxAge: Duration = .seconds(30 * 86_400)
    /// About how many events the stream keeps.
    public var eventsMaxLength: Int = 1_000_000

    public init(deadMaxAge: Duration?, deadMaxCount: Int?, resultMaxAge: Duration?, resultMaxCount: Int?, eventMaxAge: Duration? = nil) {
        self.deadMaxAge = deadMaxAge
        self.deadMaxCount = deadMaxCount
        self.resultMaxAge = resultMaxAge
        self.resultMaxCount = resultMaxCount
        self.eventMaxAge = eventMaxAge
    }

    /// 30 days for everything; at most 100,000 dead entries, 10,000,000 results, ~1,000,000 events.
    public static let standard = Retention(
        deadMaxAge: .seconds(30 * 86_400), deadMaxCount: 100_000, resultMaxAge: .seconds(30 * 86_400), resultMaxCount: 10_000_000,
        eventMaxAge: .seconds(30 * 86_400))
}
