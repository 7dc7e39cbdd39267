/// Why an element from the queue is not a valid order.
///
/// `field` and `rule` are what the `invalid` result reports, so a producer can fix its data
/// without reading paylink's source.
public struct OrderRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The order ID, when one could be read from the element: the result is stored under it.
    /// Without one the raw element goes to the queue's `rejected` list.
    public var orderId: String?
    /// The offending field, or `"element"` when the element as a whole is wrong.
    public var field: String
    /// The rule that was broken, in words.
    public var rule: String

    public init(orderId: String?, field: String, rule: String) {
        self.orderId = orderId
        self.field = field
        self.rule = rule
    }

    public var description: String { "\(field): \(rule)" }
}
