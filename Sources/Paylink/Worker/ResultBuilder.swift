/// Builds the result hash fields for each way an order can end.
enum ResultBuilder {
    static func succeeded(_ order: Order, link: PaymentLink, attempts: Int) -> OrderResult {
        var fields = common(order, attempts: attempts)
        fields += [
            (ResultField.payInfo, link.payInfo),
            (ResultField.paymentId, link.paymentId),
            (ResultField.merchantId, link.merchantId),
            (ResultField.bizPayOrderId, link.bizPayOrderId),
        ]
        return OrderResult(orderId: order.orderId, status: .succeeded, fields: fields)
    }

    static func failed(_ order: Order, failure: PayFailure, attempts: Int) -> OrderResult {
        OrderResult(orderId: order.orderId, status: .failed, fields: common(order, attempts: attempts) + error(failure))
    }

    static func unknown(_ order: Order, failure: PayFailure, attempts: Int) -> OrderResult {
        OrderResult(orderId: order.orderId, status: .unknown, fields: common(order, attempts: attempts) + error(failure))
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

    private static func common(_ order: Order, attempts: Int) -> [(String, String)] {
        var fields = [
            (ResultField.orderId, order.orderId),
            (ResultField.amount, order.amount),
            (ResultField.channel, order.channel.rawValue),
            (ResultField.attempts, String(attempts)),
        ]
        if let batchId = order.batchId { fields.append((ResultField.batchId, batchId)) }
        return fields
    }

    private static func error(_ failure: PayFailure) -> [(String, String)] {
        [(ResultField.errorCode, failure.code), (ResultField.errorMessage, "\(failure.kind.rawValue): \(failure.message)")]
    }
}
