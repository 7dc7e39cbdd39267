/// The status stored in a result hash's `status` field.
public enum OrderStatus: String, Sendable, CaseIterable {
    /// Back in the queue without having been sent (a graceful shutdown, an operator's retry).
    case queued
    /// Claimed by a worker, which may be calling the API right now. Set in the same step as the
    /// claim; `sendingAt` is added just before the call, so after a crash paylink knows whether a
    /// call may have gone out.
    case sending
    /// Waiting in the retry set until `nextAttemptAt`, after a failure that may be retried.
    case retrying
    /// The API created a payment link; `payInfo` holds it.
    case succeeded
    /// The order broke a validation rule and was never sent; `errorMessage` names the field.
    case invalid
    /// The API refused the order, or attempts ran out; `errorMessage` says why. It is in the dead list.
    case failed
    /// A call may have created a link and the ambiguous policy is `park`: an operator decides
    /// (`paylink unknown list|resolve`). Never sent again automatically.
    case unknown

    /// Whether the order has reached an end: nothing more happens without a new push or an operator.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .invalid, .failed, .unknown: true
        case .queued, .sending, .retrying: false
        }
    }
}
