import Paylink

/// `paylink unknown list --json`: `{"queue", "count", "orders": [...]}`, sorted by orderId; each
/// order is `{"orderId", "result"}` with its result hash (see ``ResultFieldsOutput``).
struct UnknownListOutput: Encodable {
    struct Order: Encodable {
        let orderId: String
        let result: ResultFieldsOutput
    }

    let queue: String
    let count: Int
    let orders: [Order]
}
