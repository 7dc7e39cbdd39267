/// A caller's right to make one API call now, from ``FleetRateLimiter/acquire()``.
///
/// Give it back with ``FleetRateLimiter/release(_:)`` once the call has finished, and pass it to
/// ``FleetRateLimiter/pause(for:after:)`` when the API refused the call.
public struct RatePermit: Sendable, Equatable {
    /// Unique across the fleet: this limiter's random prefix and a counter.
    public let id: String
    /// The slot the call was granted (µs of the Redis clock); tells a refusal that belongs to
    /// a storm already answered from one that starts a new one.
    public let slot: Int64
}
