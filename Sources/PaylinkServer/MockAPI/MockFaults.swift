/// Failures the API stand-in injects into pay calls, for chaos runs and tests of a client's recovery.
///
/// Each share is a probability in `0...1` applied to every pay call (`web-pay` and `wap-pay`) that
/// passed rate limiting, authorization and validation. The shares are drawn independently per
/// request in declaration order; the first that hits decides the answer, so with
/// `unavailable = 0.5, serverError = 1.0` half the calls get 503 and the other half 5xx.
///
/// The first three leave nothing behind; the next three create a payable link and then hide that
/// from the client, which is the case a client cannot retry blindly (the API has no idempotency key).
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
    /// Share whose link is created (and counted in stats), then answered HTTP 500, 502 or 504 at random.
    public var serverError: Double = 0
    /// Share whose link is created, then left unanswered for `hangSeconds` (the client should time out
    /// first); after that the stand-in answers 504 like a proxy giving up.
    public var hang: Double = 0
    /// Share whose link is created, then answered HTTP 200 with a truncated, unparseable JSON body.
    public var malformed: Double = 0
    /// Share of issued tokens that stop working after `earlyExpirySeconds` although their `expired`
    /// field promises the full lifetime: the client sees 401 and must fetch a new token.
    public var earlyTokenExpiry: Double = 0
    /// Seconds sent in `Retry-After` for the `rateLimited` fault.
    public var retryAfterSeconds: Int = 1
    /// Seconds a `hang` fault holds the request before answering 504.
    public var hangSeconds: Double = 60
    /// Seconds after issue at which an early-expiring token stops working.
    public var earlyExpirySeconds: Double = 2

    /// Creates a fault set; every share defaults to 0 (no faults).
    public init(
        unavailable: Double = 0,
        databaseError: Double = 0,
        rateLimited: Double = 0,
        serverError: Double = 0,
        hang: Double = 0,
        malformed: Double = 0,
        earlyTokenExpiry: Double = 0,
        retryAfterSeconds: Int = 1,
        hangSeconds: Double = 60,
        earlyExpirySeconds: Double = 2
    ) {
        self.unavailable = unavailable
        self.databaseError = databaseError
        self.rateLimited = rateLimited
        self.serverError = serverError
        self.hang = hang
        self.malformed = malformed
        self.earlyTokenExpiry = earlyTokenExpiry
        self.retryAfterSeconds = retryAfterSeconds
        self.hangSeconds = hangSeconds
        self.earlyExpirySeconds = earlyExpirySeconds
    }

    /// Decodes a partial fault set: absent fields keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MockFaults()
        unavailable = try c.decodeIfPresent(Double.self, forKey: .unavailable) ?? d.unavailable
        databaseError = try c.decodeIfPresent(Double.self, forKey: .databaseError) ?? d.databaseError
        rateLimited = try c.decodeIfPresent(Double.self, forKey: .rateLimited) ?? d.rateLimited
        serverError = try c.decodeIfPresent(Double.self, forKey: .serverError) ?? d.serverError
        hang = try c.decodeIfPresent(Double.self, forKey: .hang) ?? d.hang
        malformed = try c.decodeIfPresent(Double.self, forKey: .malformed) ?? d.malformed
        earlyTokenExpiry = try c.decodeIfPresent(Double.self, forKey: .earlyTokenExpiry) ?? d.earlyTokenExpiry
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? d.retryAfterSeconds
        hangSeconds = try c.decodeIfPresent(Double.self, forKey: .hangSeconds) ?? d.hangSeconds
        earlyExpirySeconds = try c.decodeIfPresent(Double.self, forKey: .earlyExpirySeconds) ?? d.earlyExpirySeconds
    }

    /// Why these faults cannot be used, or `nil` when every share is in `0...1` and every duration is
    /// non-negative. The stand-in refuses invalid faults rather than clamping them silently.
    public var validationProblem: String? {
        let shares: [(String, Double)] = [
            ("unavailable", unavailable), ("databaseError", databaseError), ("rateLimited", rateLimited),
            ("serverError", serverError), ("hang", hang), ("malformed", malformed),
            ("earlyTokenExpiry", earlyTokenExpiry),
        ]
        for (name, share) in shares where !(0...1).contains(share) {
            return "\(name) must be a share between 0 and 1, got \(share)"
        }
        if retryAfterSeconds < 0 { return "retryAfterSeconds must not be negative" }
        if !(hangSeconds >= 0 && hangSeconds.isFinite) { return "hangSeconds must be a finite number >= 0" }
        if !(earlyExpirySeconds >= 0 && earlyExpirySeconds.isFinite) {
            return "earlyExpirySeconds must be a finite number >= 0"
        }
        return nil
    }
}
