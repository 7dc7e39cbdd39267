import Synchronization

/// A token provider's current token and until when it is fresh, readable from any task without
/// a hop onto the provider's actor: every API call reads it, and it changes once per expiry.
final class FreshTokenCache: Sendable {
    private let state = Mutex<(value: Secret, freshUntil: ContinuousClock.Instant)?>(nil)

    /// Publishes the provider's current token; nil clears it (refused, or none yet).
    func publish(_ value: Secret?, freshUntil: ContinuousClock.Instant?) {
        state.withLock { state in
            if let value, let freshUntil {
                state = (value, freshUntil)
            } else {
                state = nil
            }
        }
    }

    /// The token while it is fresh; nil sends the caller to the provider, which refreshes it.
    func fresh() -> Secret? {
        state.withLock { state in
            guard let state, ContinuousClock.now < state.freshUntil else { return nil }
            return state.value
        }
    }
}
