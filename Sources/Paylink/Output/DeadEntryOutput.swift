/// One dead entry in `paylink dead list --json` and the dashboard's dead list; `orderId` is
/// absent for an element with none (`id` is then `job:<jobId>`), `element` unless asked for.
public struct DeadEntryOutput: Encodable, Sendable {
    public let id: String
    public let orderId: String?
    public let errorCode: String
    public let errorMessage: String
    public let attempts: Int
    /// Unix ms (Redis clock).
    public let deadAt: Int64
    public let mayHaveLink: Bool
    public let element: String?

    public init(_ letter: DeadLetter, withElement: Bool) {
        id = letter.id
        orderId = letter.orderId
        errorCode = letter.errorCode
        errorMessage = letter.errorMessage
        attempts = letter.attempts
        deadAt = letter.deadAt
        mayHaveLink = letter.mayHaveLink
        element = withElement ? letter.element : nil
    }
}
