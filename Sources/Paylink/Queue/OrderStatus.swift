/// The status stored in a result hash's `status` field.
public enum OrderStatus: String, Sendable, CaseIterable {
    /// The API created a payment link; `payInfo` holds it.
    case succeeded
    /// The order broke a validation rule and was never sent; `errorMessage` names the field.
    case invalid
    /// The API refused the order, or every attempt failed before anything was created.
    case failed
    /// A call was sent but its outcome is unknown (timeout, dropped connection, 5xx): a link may
    /// exist. Never retried automatically, so a second link is never created behind an operator's back.
    case unknown
}

/// Field names of a result hash, `paylink:{<queue>}:result:<orderId>`.
public enum ResultField {
    public static let orderId = "orderId"
    public static let status = "status"
    public static let payInfo = "payInfo"
    public static let paymentId = "paymentId"
    public static let merchantId = "merchantId"
    public static let amount = "amount"
    public static let bizPayOrderId = "bizPayOrderId"
    public static let channel = "channel"
    public static let batchId = "batchId"
    public static let attempts = "attempts"
    public static let errorCode = "errorCode"
    public static let errorMessage = "errorMessage"
    /// Unix ms (Redis clock) when the result was first written; kept on rewrites.
    public static let createdAt = "createdAt"
    /// Unix ms (Redis clock) of the latest write.
    public static let updatedAt = "updatedAt"
}
