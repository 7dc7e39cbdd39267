/// A payment link the API created: the fields of a web-pay or wap-pay `SUCCESS` result.
public struct PaymentLink: Sendable, Equatable {
    /// The Alipay gateway URL the buyer opens (about 1 KB).
    public var payInfo: String
    public var paymentId: String
    public var merchantId: String
    /// As the API echoes it; wap-pay has been seen sending null (then empty).
    public var amount: String
    /// The payment channel's order number; web-pay only.
    public var bizPayOrderId: String
}
