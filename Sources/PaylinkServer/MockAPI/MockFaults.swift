/// Failures the API stand-in injects into pay calls and token answers, for chaos runs and tests of
/// a client's recovery.
///
/// Each share is a probability in `0...1` applied to every pay call (`web-pay` and `wap-pay`) that
/// passed rate limiting, authorization and validation. The shares are drawn independently per
/// request in declaration order; the first that hits decides the answer, so with
/// `unavailable = 0.5, serverError = 1.0` half the calls get 503 and the other half 5xx.
///
/// The first five leave nothing behind. The next four create a payable link and then hide it from
/// the client, which is the case a client cannot retry blindly (the API has no idempotency key).
/// The two after them create a link the client must not hand out: for another amount, or under
/// another merchant. The last three shape token answers. Every injected fault is counted in
/// `MockAPIStats.faultsInjected`.
///
/// Change them at run time with `PUT /mock/faults` and a JSON object of these fields; missing fields
/// keep their defaults, so `{"hang": 0.1}` means "only hangs".
public struct MockFaults: Sendable, Codable, Equatable {
    /// Share answered HTTP 503 with a proxy's HTML page; no link is created.
    public var unavailable: Double = 0
    /// Share answered HTTP 200 with an ERROR envelope, code 20004 "database error"; no link is created.
    public var databaseError: Double = 0
    /// Share answered HTTP 429 with `Retry-After: retryAfterSeconds` and an ERROR envelope; no link is created.
    public var rateLimited: Double = 0
    /// Share answered HTTP 429 with an ERROR envelope and a `Retry-After` no client should obey: at
    /// random `9999999999999` seconds (past Int64 microseconds) or an HTTP-date in the year 9999.
    /// No link is created.
    public var rateLimitedHugeRetryAfter: Double = 0
    /// Share answered HTTP 503 with a proxy's HTML page and a huge `Retry-After` (the same two forms);
    /// no link is created.
    public var unavailableHugeRetryAfter: Double = 0
    /// Share whose link is created (and counted in stats), then answered HTTP 500, 502 or 504 at random.
    public var serverError: Double = 0
    /// Share whose link is created, then left unanswered for `hangSeconds` (the client should time out
    /// first); after that the stand-in answers 504 like a proxy giving up.
    public var hang: Double = 0
    /// Share whose link is created, then answered HTTP 200 with a truncated, unparseable JSON body.
    public var malformed: Double = 0
    /// Share whose link is created, then answered HTTP 200 with its SUCCESS envelope padded to
    /// `hugeBodyBytes`: valid JSON, but larger than a client should read, so the link is there and
    /// the answer is unreadable.
    public var hugeBody: Double = 0
    /// Share whose link is created for another amount than the request's (one cent more, or less at
    /// the top of the range) and answered SUCCESS with that amount in `amount` and `payInfo`.
    public var wrongAmount: Double = 0
    /// Share whose link is created under another merchant, answered SUCCESS with that merchant's
    /// `merchantId` and `secondary_merchant_id`.
    public var wrongMerchant: Double = 0
    /// Share of issued tokens that stop working after `earlyExpirySeconds` although their `expired`
    /// field promises the full lifetime: the client sees 401 and must fetch a new token.
    public var earlyTokenExpiry: Double = 0
    /// Share of token answers whose `expired` is beyond any sane time: at random `1e19` (past Int64),
    /// `1e400` (past Double) or `9223372036854775807` (Int64.max). The token works its normal lifetime.
    public var hugeTokenExpiry: Double = 0
    /// Share of token answers whose `expired` is already past: at random `-1`,
    /// `-9223372036854775808` (Int64.min) or an hour ago. The token works its normal lifetime.
    public var pastTokenExpiry: Double = 0
    /// Seconds sent in `Retry-After` for the `rateLimited` fault.
    public var retryAfterSeconds: Int = 1
    /// Seconds a `hang` fault holds the request before answering 504.
    public var hangSeconds: Double = 60
    /// Seconds after issue at which an early-expiring token stops working.
    public var earlyExpirySeconds: Double = 2
    /// Size in bytes of a `hugeBody` answer; the default, 5 MiB, is five times paylink's 1 MiB cap.
    public var hugeBodyBytes: Int = 5 << 20

    /// Bounds of `hugeBodyBytes`: a SUCCESS envelope is about 1.5 KB, and above 64 MiB a few
    /// concurrent answers would exhaust a test machine's memory.
    public static let hugeBodyRange = 4096...(64 << 20)

    /// Creates a fault set; every share defaults to 0 (no faults).
    public init(
        unavailable: Double = 0,
        databaseError: Double = 0,
        rateLimited: Double = 0,
        rateLimitedHugeRetryAfter: Double = 0,
        unavailableHugeRetryAfter: Double = 0,
        serverError: Double = 0,
        hang: Double = 0,
        malformed: Double = 0,
        hugeBody: Double = 0,
        wrongAmount: Double = 0,
        wrongMerchant: Double = 0,
        earlyTokenExpiry: Double = 0,
        hugeTokenExpiry: Double = 0,
        pastTokenExpiry: Double = 0,
        retryAfterSeconds: Int = 1,
        hangSeconds: Double = 60,
        earlyExpirySeconds: Double = 2,
        hugeBodyBytes: Int = 5 << 20
    ) {
        self.unavailable = unavailable
        self.databaseError = databaseError
        self.rateLimited = rateLimited
        self.rateLimitedHugeRetryAfter = rateLimitedHugeRetryAfter
        self.unavailableHugeRetryAfter = unavailableHugeRetryAfter
        self.serverError = serverError
        self.hang = hang
        self.malformed = malformed
        self.hugeBody = hugeBody
        self.wrongAmount = wrongAmount
        self.wrongMerchant = wrongMerchant
        self.earlyTokenExpiry = earlyTokenExpiry
        self.hugeTokenExpiry = hugeTokenExpiry
        self.pastTokenExpiry = pastTokenExpiry
        self.retryAfterSeconds = retryAfterSeconds
        self.hangSeconds = hangSeconds
        self.earlyExpirySeconds = earlyExpirySeconds
        self.hugeBodyBytes = hugeBodyBytes
    }

    /// Decodes a partial fault set: absent fields keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MockFaults()
        func number(_ key: CodingKeys, _ fallback: Double) throws -> Double {
            try c.decodeIfPresent(Double.self, forKey: key) ?? fallback
        }
        unavailable = try number(.unavailable, d.unavailable)
        databaseError = try number(.databaseError, d.databaseError)
        rateLimited = try number(.rateLimited, d.rateLimited)
        rateLimitedHugeRetryAfter = try number(.rateLimitedHugeRetryAfter, d.rateLimitedHugeRetryAfter)
        unavailableHugeRetryAfter = try number(.unavailableHugeRetryAfter, d.unavailableHugeRetryAfter)
        serverError = try number(.serverError, d.serverError)
        hang = try number(.hang, d.hang)
        malformed = try number(.malformed, d.malformed)
        hugeBody = try number(.hugeBody, d.hugeBody)
        wrongAmount = try number(.wrongAmount, d.wrongAmount)
        wrongMerchant = try number(.wrongMerchant, d.wrongMerchant)
        earlyTokenExpiry = try number(.earlyTokenExpiry, d.earlyTokenExpiry)
        hugeTokenExpiry = try number(.hugeTokenExpiry, d.hugeTokenExpiry)
        pastTokenExpiry = try number(.pastTokenExpiry, d.pastTokenExpiry)
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? d.retryAfterSeconds
        hangSeconds = try number(.hangSeconds, d.hangSeconds)
        earlyExpirySeconds = try number(.earlyExpirySeconds, d.earlyExpirySeconds)
        hugeBodyBytes = try c.decodeIfPresent(Int.self, forKey: .hugeBodyBytes) ?? d.hugeBodyBytes
    }

    /// Every share with its field name, in draw order within its call.
    var shares: [(name: String, share: Double)] {
        [
            ("unavailable", unavailable), ("databaseError", databaseError), ("rateLimited", rateLimited),
            ("rateLimitedHugeRetryAfter", rateLimitedHugeRetryAfter),
            ("unavailableHugeRetryAfter", unavailableHugeRetryAfter), ("serverError", serverError),
            ("hang", hang), ("malformed", malformed), ("hugeBody", hugeBody), ("wrongAmount", wrongAmount),
            ("wrongMerchant", wrongMerchant), ("earlyTokenExpiry", earlyTokenExpiry),
            ("hugeTokenExpiry", hugeTokenExpiry), ("pastTokenExpiry", pastTokenExpiry),
        ]
    }

    /// Why these faults cannot be used, or `nil` when every share is in `0...1` and every duration and
    /// size is in range. The stand-in refuses invalid faults rather than clamping them silently.
    public var validationProblem: String? {
        for (name, share) in shares where !(0...1).contains(share) {
            return "\(name) must be a share between 0 and 1, got \(share)"
        }
        if retryAfterSeconds < 0 { return "retryAfterSeconds must not be negative" }
        // A day bounds both durations: longer means "never" for any test, and keeps `Duration` in range.
        if !(0...86_400).contains(hangSeconds) { return "hangSeconds must be between 0 and 86400, got \(hangSeconds)" }
        if !(0...86_400).contains(earlyExpirySeconds) {
            return "earlyExpirySeconds must be between 0 and 86400, got \(earlyExpirySeconds)"
        }
        if !Self.hugeBodyRange.contains(hugeBodyBytes) {
            let range = Self.hugeBodyRange
            return "hugeBodyBytes must be between \(range.lowerBound) and \(range.upperBound), got \(hugeBodyBytes)"
        }
        return nil
    }
}
