extension JSONValue {
    /// The number as an exact `Int64`: an integer literal within range, or an integral value
    /// written another way (`1.7e12`, `1700000000000.0`) within ±2^53, where a `Double` holds
    /// every integer exactly. Nil for a fraction, a value beyond that (`1e19`, `1e400`), or
    /// anything that is not a number: values from outside (API answers, records an operator
    /// may have edited) are never converted with a trap.
    public var exactInt64: Int64? {
        guard case .number(let literal) = self else { return nil }
        if let value = Int64(literal) { return value }
        guard literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let value = Double(literal),
            value.magnitude <= 9_007_199_254_740_992
        else { return nil }
        return Int64(exactly: value)
    }
}
