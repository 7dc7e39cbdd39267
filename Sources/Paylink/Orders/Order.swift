/// An order as producers push it, after validation: everything the API call needs.
///
/// The wire format (one JSON object per list element) is documented in ARCHITECTURE.md:
/// `{"orderId": "...", "amount": "1000", "callbackURL": "...", "returnURL": "...",
///   "remark": "", "channel": "web", "batchId": "...", "merchant": "...",
///   "enqueuedAt": 1764662400000}`.
public struct Order: Sendable, Equatable {
    /// Which OTT Pay endpoint creates the link.
    public enum Channel: String, Sendable, CaseIterable {
        /// PC browser: `POST /api/v1/pay/alipay/web-pay`.
        case web
        /// Mobile browser: `POST /api/v1/pay/alipay/wap-pay`.
        case wap
    }

    public var orderId: String
    /// Whole cents, as decimal digits with no sign or leading zeros.
    public var amount: String
    public var callbackURL: String
    public var returnURL: String
    public var remark: String
    public var channel: Channel
    public var batchId: String?
    /// The merchant profile whose account creates the link; nil means the default profile.
    public var merchant: String?
    /// When the producer pushed it (Unix ms), for `paylink_order_latency_seconds` and the oldest
    /// pending order's age; producers may leave it out. Never a reason to refuse an order: an
    /// unreadable or implausible value is ignored (see `OrderParser.enqueuedAt`).
    public var enqueuedAt: Int64?

    public init(
        orderId: String, amount: String, callbackURL: String, returnURL: String,
        remark: String = "", channel: Channel = .web, batchId: String? = nil, merchant: String? = nil,
        enqueuedAt: Int64? = nil
    ) {
        self.orderId = orderId
        self.amount = amount
        self.callbackURL = callbackURL
        self.returnURL = returnURL
        self.remark = remark
        self.channel = channel
        self.batchId = batchId
        self.merchant = merchant
        self.enqueuedAt = enqueuedAt
    }

    /// The order as the JSON element producers push.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.add("orderId", orderId)
        writer.add("amount", amount)
        writer.add("callbackURL", callbackURL)
        writer.add("returnURL", returnURL)
        if !remark.isEmpty { writer.add("remark", remark) }
        if channel != .web { writer.add("channel", channel.rawValue) }
        if let batchId { writer.add("batchId", batchId) }
        if let merchant { writer.add("merchant", merchant) }
        if let enqueuedAt { writer.addRaw("enqueuedAt", String(enqueuedAt)) }
        return writer.finish()
    }
}
