/// One kind of injected fault, as counted in `MockAPIStats.faultsInjected`.
///
/// The raw value is the key in the stats: the `MockFaults` field name, then, for faults that come
/// in several forms, a dot and the form, so a script can read one form or sum a field's forms by
/// the prefix before the dot.
enum MockFaultKind: String, CaseIterable, Sendable {
    case unavailable
    case databaseError
    case rateLimited
    case rateLimitedHugeRetryAfterSeconds = "rateLimitedHugeRetryAfter.seconds"
    case rateLimitedHugeRetryAfterDate = "rateLimitedHugeRetryAfter.date"
    case unavailableHugeRetryAfterSeconds = "unavailableHugeRetryAfter.seconds"
    case unavailableHugeRetryAfterDate = "unavailableHugeRetryAfter.date"
    case serverError
    case hang
    case malformed
    case hugeBody
    case wrongAmount
    case wrongMerchant
    case earlyTokenExpiry
    case hugeTokenExpiry1e19 = "hugeTokenExpiry.1e19"
    case hugeTokenExpiry1e400 = "hugeTokenExpiry.1e400"
    case hugeTokenExpiryInt64Max = "hugeTokenExpiry.int64Max"
    case pastTokenExpiryNegative = "pastTokenExpiry.minusOne"
    case pastTokenExpiryInt64Min = "pastTokenExpiry.int64Min"
    case pastTokenExpiryHourAgo = "pastTokenExpiry.hourAgo"

    /// Index into the counters' array; `allCases` is in declaration order.
    var index: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }
}

extension MockFaultKind {
    /// `Retry-After` in seconds that overflows a microsecond count in Int64 (13 digits).
    static let hugeRetryAfterSeconds = "9999999999999"
    /// `Retry-After` as the last HTTP-date there is (IMF-fixdate, RFC 9110 section 5.6.7).
    static let hugeRetryAfterDate = "Fri, 31 Dec 9999 23:59:59 GMT"

    /// The `Retry-After` header this fault sends, or `nil` for kinds without one.
    var retryAfter: String? {
        switch self {
        case .rateLimitedHugeRetryAfterSeconds, .unavailableHugeRetryAfterSeconds: Self.hugeRetryAfterSeconds
        case .rateLimitedHugeRetryAfterDate, .unavailableHugeRetryAfterDate: Self.hugeRetryAfterDate
        default: nil
        }
    }

    /// The JSON number sent as a token's `expired` for this fault, or `nil` for kinds that keep it.
    /// - Parameter nowMillis: the current Unix time in milliseconds, for the "an hour ago" form.
    func expiredLiteral(nowMillis: Int64) -> String? {
        switch self {
        case .hugeTokenExpiry1e19: "1e19"
        case .hugeTokenExpiry1e400: "1e400"
        case .hugeTokenExpiryInt64Max: String(Int64.max)
        case .pastTokenExpiryNegative: "-1"
        case .pastTokenExpiryInt64Min: String(Int64.min)
        case .pastTokenExpiryHourAgo: String(nowMillis - 3_600_000)
        default: nil
        }
    }
}
