/// How one job ended for `paylink_orders_total{outcome}`: a final result, a retry, or a push
/// answered without a call.
public enum OrderOutcome: String, Sendable, CaseIterable {
    case succeeded, invalid, failed, unknown
    /// A push of an order that already had a result, answered from it (counted by the claim).
    case duplicate
    /// A retry scheduled after a failure that may be retried.
    case retried
    /// The API's link named another amount or merchant: stored `failed`, never handed on.
    case amountMismatch = "amount_mismatch"
    /// An element with no usable orderId, moved to the dead list.
    case rejected

    /// The outcome of a stored final result.
    init(_ result: OrderResult) {
        switch result.status {
        case .succeeded: self = .succeeded
        case .invalid: self = .invalid
        case .unknown: self = .unknown
        default: self = result.fields.contains { $0.0 == ResultField.mismatchedPaymentId } ? .amountMismatch : .failed
        }
    }
}
