/// Builds the result hash fields for each way an order can end. Attempts are counted in Redis
/// by the claim script, so they are not written here.
enum ResultBuilder {
    static func succeeded(_ order: Order, link: PaymentLink) -> OrderResult {
        var fields = common(order, extra: 4)
        fields.append((ResultField.payInfo, link.payInfo))
        fields.append((ResultField.paymentId, link.paymentId))
        fields.append((ResultField.merchantId, link.merchantId))
        fields.append((ResultField.bizPayOrderId, link.bizPayOrderId))
        return OrderResult(orderId: order.orderId, status: .succeeded, fields: fields, batchIsKnown: true)
    }

    /// - Parameter mayHaveLink: the last call may have created a link: the result keeps `unsure`,
    ///   so a re-push or `dead retry` follows the ambiguous policy.
    static func failed(_ order: Order, failure: PayFailure, note: String? = nil, mayHaveLink: Bool = false) -> OrderResult {
        var fields = common(order) + error(failure, note: note)
        if mayHaveLink { fields.append((ResultField.unsure, "1")) }
        return OrderResult(orderId: order.orderId, status: .failed, fields: fields, batchIsKnown: true)
    }

    /// A link that does not match the order (`LinkCheck`): `failed`, never retried by itself; the
    /// link is kept apart from `payInfo`, for an operator, and the order is marked as having one.
    static func mismatched(_ order: Order, link: PaymentLink, problem: LinkCheck.Mismatch) -> OrderResult {
        var fields = common(order, extra: 7)
        fields.append((ResultField.errorCode, problem.code))
        fields.append((ResultField.errorMessage, problem.message))
        fields.append((ResultField.unsure, "1"))
        fields.append((ResultField.mismatchedPayInfo, link.payInfo))
        fields.append((ResultField.mismatchedPaymentId, link.paymentId))
        fields.append((ResultField.mismatchedAmount, link.amount))
        fields.append((ResultField.mismatchedMerchantId, link.merchantId))
        return OrderResult(orderId: order.orderId, status: .failed, fields: fields, batchIsKnown: true)
    }

    static func unknown(_ order: Order, failure: PayFailure) -> OrderResult {
        OrderResult(orderId: order.orderId, status: .unknown, fields: common(order) + error(failure, note: "a link may exist"), batchIsKnown: true)
    }

    static func invalid(orderId: String, rejection: OrderRejection) -> OrderResult {
        OrderResult(
            orderId: orderId, status: .invalid,
            fields: [
                (ResultField.orderId, orderId),
                (ResultField.attempts, "0"),
                (ResultField.errorCode, "invalid_\(rejection.field)"),
                (ResultField.errorMessage, rejection.description),
            ])
    }

    /// The kind of failure behind a `failed` or `unknown` result, read back from the message
    /// `error` writes; nil when the result carries none.
    static func failureKind(of result: OrderResult) -> PayFailure.Kind? {
        guard let message = result.fields.first(where: { $0.0 == ResultField.errorMessage })?.1,
            let colon = message.firstIndex(of: ":")
        else { return nil }
        return PayFailure.Kind(rawValue: String(message[..<colon]))
    }

    /// The fields every result of a readable order has, with room for `extra` more (one allocation).
    private static func common(_ order: Order, extra: Int = 2) -> [(String, String)] {
        var fields: [(String, String)] = []
        fields.reserveCapacity(4 + extra)
        fields.append((ResultField.orderId, order.orderId))
        fields.append((ResultField.amount, order.amount))
        fields.append((ResultField.channel, order.channel.rawValue))
        if let batchId = order.batchId { fields.append((ResultField.batchId, batchId)) }
        return fields
    }

    private static func error(_ failure: PayFailure, note: String? = nil) -> [(String, String)] {
        let message = "\(failure.kind.rawValue): \(failure.message)" + (note.map { " (\($0))" } ?? "")
        return [(ResultField.errorCode, failure.code), (ResultField.errorMessage, message)]
    }
}
