extension Duration {
    /// Whole milliseconds, rounded toward zero: the unit of Redis scores and API timestamps.
    /// Saturates at `Int64.min`/`Int64.max`: a duration built from outside input (a
    /// `Retry-After`, a flag) must never trap when converted.
    var milliseconds: Int64 { whole(perSecond: 1000) }

    /// Whole microseconds, rounded toward zero, saturating like ``milliseconds``: the unit of the
    /// limiter's arithmetic.
    var microseconds: Int64 { whole(perSecond: 1_000_000) }

    private func whole(perSecond units: Int64) -> Int64 {
        let (seconds, attoseconds) = components
        let saturated: Int64 = seconds < 0 ? .min : .max
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: units)
        guard !overflow else { return saturated }
        let (sum, carry) = scaled.addingReportingOverflow(attoseconds / (1_000_000_000_000_000_000 / units))
        return carry ? saturated : sum
    }
}
