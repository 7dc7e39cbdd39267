/// Checks a link the API created against the order and the merchant profile it was made for
/// (pure logic, tested alone). A link for another amount or another merchant must never be
/// handed on as the order's: a cached or misrouted answer, an API bug or a planted token.
enum LinkCheck {
    /// Why the link does not belong to the order, or nil when it does.
    struct Mismatch: Sendable, Equatable {
        /// `amount_mismatch` or `merchant_mismatch`.
        var code: String
        var message: String
    }

    /// - Parameters:
    ///   - appId: the merchant profile's appId, which is OTT Pay's merchant ID.
    /// - Returns: nil when the answer's `amount` (when it has one: wap-pay may send null) is the
    ///   order's whole cents and its `merchantId` (when present) is `appId`.
    static func mismatch(_ link: PaymentLink, order: Order, appId: String) -> Mismatch? {
        if !link.amount.isEmpty, link.amount != order.amount {
            return Mismatch(code: "amount_mismatch", message: "the API's link is for amount \(quoted(link.amount)), the order's is \(order.amount)")
        }
        if !link.merchantId.isEmpty, link.merchantId != appId {
            return Mismatch(code: "merchant_mismatch", message: "the API's link is for merchant \(quoted(link.merchantId)), the profile's is \(appId)")
        }
        return nil
    }

    /// The API's text, bounded, so a hostile answer cannot flood a result or a log line.
    private static func quoted(_ text: String) -> String {
        text.utf8.count <= 64 ? "\"\(text)\"" : "\"\(text.prefix(64))...\""
    }
}
