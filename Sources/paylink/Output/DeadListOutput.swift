import Paylink

/// `paylink dead list --json`: `{"queue", "total", "count", "entries": [...]}`, oldest first;
/// `total` counts the whole dead list, `count` the entries printed (at most `--limit`).
struct DeadListOutput: Encodable {
    /// One dead entry; `orderId` is absent for an element with none (`id` is then `job:<jobId>`),
    /// `element` unless `--elements` is given.
    struct Entry: Encodable {
        let id: String
        let orderId: String?
        let errorCode: String
        let errorMessage: String
        let attempts: Int
        /// Unix ms (Redis clock).
        let deadAt: Int64
        let mayHaveLink: Bool
        let element: String?

        init(_ letter: DeadLetter, withElement: Bool) {
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

    let queue: String
    let total: Int
    let count: Int
    let entries: [Entry]
}
