extension Duration {
    /// The duration in seconds, for rates and printed figures.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
