extension Duration {
    /// Whole milliseconds, rounded down: the unit of Redis scores and API timestamps.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
