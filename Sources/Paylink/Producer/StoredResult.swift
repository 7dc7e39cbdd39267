/// One order's result hash as a producer reads it (`paylink:{<queue>}:result:<orderId>`).
///
/// The typed properties cover what a consumer acts on; `fields` holds every field, including
/// ones added by later contract versions. See docs/redis-contract.md for each field's meaning.
public struct StoredResult: Sendable, Equatable {
    public var orderId: String
    /// Every field of the hash, as stored.
    public var fields: [String: String]

    public init(orderId: String, fields: [String: String]) {
        self.orderId = orderId
        self.fields = fields
    }

    /// nil only for a status this version of paylink does not know.
    public var status: OrderStatus? { fields[ResultField.status].flatMap(OrderStatus.init(rawValue:)) }

    /// Whether nothing more happens to the order without a new push or an operator.
    public var isFinal: Bool { status?.isTerminal ?? false }

    /// The payment link, once `succeeded`.
    public var payInfo: String? { fields[ResultField.payInfo] }

    /// OTT Pay's ID of the link in `payInfo`.
    public var paymentId: String? { fields[ResultField.paymentId] }

    /// Why the order is `invalid`, `failed`, `unknown` or being retried.
    public var errorCode: String? { fields[ResultField.errorCode] }

    /// The reason in words (`<field>: <rule>` for `invalid`).
    public var errorMessage: String? { fields[ResultField.errorMessage] }

    /// More than one call may have created a link: check OTT Pay before handing on `payInfo`,
    /// and void any extra link (`otherPaymentIds`).
    public var possibleDuplicate: Bool { fields[ResultField.possibleDuplicate] == "1" }
}
