/// What the worker writes for one order: the status and the fields that go with it.
public struct OrderResult: Sendable, Equatable {
    public var orderId: String
    public var status: OrderStatus
    /// Other fields of the result hash (see `ResultField`), in a stable order.
    public var fields: [(String, String)]
    /// True when the worker read the order, so `fields` carry its batchId or it has none: Redis
    /// then need not read the raw element again to find the batch.
    public var batchIsKnown: Bool

    public init(orderId: String, status: OrderStatus, fields: [(String, String)], batchIsKnown: Bool = false) {
        self.orderId = orderId
        self.status = status
        self.fields = fields
        self.batchIsKnown = batchIsKnown
    }

    public static func == (lhs: OrderResult, rhs: OrderResult) -> Bool {
        lhs.orderId == rhs.orderId && lhs.status == rhs.status
            && lhs.fields.elementsEqual(rhs.fields) { $0 == $1 }
    }
}

extension OrderResult {
    /// The batchId the fields carry (the last, as the acknowledge script reads them), if any.
    var batchIdField: String? { fields.last { $0.0 == ResultField.batchId }?.1 }
}
