import Foundation

/// The stand-in's shared state: tokens, faults, rate window, ID counter and stats, behind one lock.
///
/// Each request takes the lock once for a short decision (no IO, no waiting inside), so two event
/// loops at 20k+ calls a second rarely meet; the response is built after the lock is released.
final class MockAPIState: @unchecked Sendable {
    /// What a pay call is answered with.
    enum PayDecision: Sendable {
        /// An ERROR envelope with this HTTP status (and this `Retry-After` header when set).
        case reject(status: Int, error: MockAPIError, retryAfter: String?)
        /// The `unavailable` faults: 503 from a proxy (with this `Retry-After` when set), nothing created.
        case unavailable(retryAfter: String?)
        /// A link was created; the body is built by `builder` from `answered` (the request, or for the
        /// `wrongAmount` fault a copy with another amount), and `delivery` says how (or whether) the
        /// client learns of it.
        case created(CreatedLink, builder: PayLinkBody, answered: PayRequest, delivery: Delivery)
    }

    /// How a created link reaches the client.
    enum Delivery: Sendable, Equatable {
        case normal
        case serverError(status: Int)
        case hang(seconds: Double)
        case malformed
        /// The SUCCESS envelope padded to this many bytes.
        case hugeBody(bytes: Int)
    }

    /// What a token call is answered with.
    enum TokenDecision: Sendable, Equatable {
        /// A token and its `expired` as the JSON number to send (Unix ms, unless a fault says otherwise).
        case issued(token: String, expired: String)
        case reject(MockAPIError)
    }

    struct Merchant: Sendable {
        var appKey: String
        var body: PayLinkBody
    }

    struct IssuedToken: Sendable {
        var appId: String
        var validUntilMillis: Int64
    }

    let merchants: [String: Merchant]
    /// The merchant the `wrongMerchant` fault creates links under: one with no credentials here.
    let foreignMerchant: PayLinkBody
    let foreignMerchantId: String
    let tokenLifetimeMillis: Int64
    let rateLimit: Int?
    // Everything below is guarded by `lock`; only this file and MockAPIState+decisions.swift touch it.
    let lock = NSLock()
    var faults: MockFaults
    var random: MockRandom
    var tokens: [String: IssuedToken] = [:]
    var tokensIssued = 0
    var counters = MockStatsCounters()
    var ledger: MockLinkLedger
    var windowSecond: Int64 = -1
    var windowCount = 0
    var nextPaymentNumber: Int64

    /// Creates the state for one server run.
    /// - Parameter configuration: credentials, token lifetime, rate limit, initial faults and seed.
    init(configuration: MockAPIConfiguration) {
        var merchants: [String: Merchant] = [:]
        for (appId, appKey) in configuration.credentials {
            merchants[appId] = Merchant(appKey: appKey, body: PayLinkBody(appId: appId))
        }
        self.merchants = merchants
        var foreign = 999
        while merchants["ON00000\(foreign)"] != nil { foreign -= 1 }
        foreignMerchantId = "ON00000\(foreign)"
        foreignMerchant = PayLinkBody(appId: foreignMerchantId)
        tokenLifetimeMillis = Self.millis(configuration.tokenLifetime)
        ledger = MockLinkLedger(recordsEveryLink: configuration.recordLinks)
        rateLimit = configuration.rateLimit
        faults = configuration.faults
        random = MockRandom(seed: configuration.seed ?? UInt64.random(in: .min ... .max))
        // 16 digits like the API's paymentIds (milliseconds and a 3-digit sequence), unique per run.
        nextPaymentNumber = Self.nowMillis() * 1000
    }

    /// Milliseconds in `duration`, saturating at a century: a lifetime beyond that is "forever" here,
    /// and the saturation keeps `now + lifetime` within Int64.
    static func millis(_ duration: Duration) -> Int64 {
        let century: Int64 = 100 * 365 * 86_400 * 1000
        let parts = duration.components
        guard parts.seconds >= 0 else { return 0 }
        guard parts.seconds < century / 1000 else { return century }
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }

    /// Wall-clock time in Unix milliseconds, the unit of the API's `expired`.
    static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The faults in force.
    var currentFaults: MockFaults {
        lock.withLock { faults }
    }

    /// Replaces the faults in force (`PUT /mock/faults`).
    func setFaults(_ newFaults: MockFaults) {
        lock.withLock { faults = newFaults }
    }

    /// Invalidates every issued token (`POST /mock/revoke-tokens`).
    func revokeTokens() {
        lock.withLock { tokens.removeAll() }
    }

    /// Clears the stats and the link ledger (`POST /mock/reset`); tokens, faults and the rate window stay.
    func resetStats() {
        lock.withLock {
            counters = MockStatsCounters()
            ledger = MockLinkLedger(recordsEveryLink: ledger.recordsEveryLink)
        }
    }

    /// A snapshot of the stats.
    func stats() -> MockAPIStats {
        let nowSecond = Self.nowMillis() / 1000
        return lock.withLock { counters.snapshot(nowSecond: nowSecond) }
    }

    /// The fingerprints with more than one link.
    func duplicates() -> [MockDuplicate] {
        lock.withLock { counters.duplicateList }
    }

    /// The links answered with another amount or merchant (`GET /mock/mismatches`).
    func mismatches() -> [MockMismatchedLink] {
        lock.withLock { ledger.mismatches }
    }

    /// Every link by fingerprint (`GET /mock/links`), or `nil` when the stand-in does not record them.
    func orderLinks() -> [MockOrderLinks]? {
        lock.withLock { ledger.recordsEveryLink ? ledger.orderLinks : nil }
    }

    /// Counts a request to an unknown path or with a wrong method, and its status.
    func recordOtherRequest(status: Int) {
        lock.withLock {
            counters.recordOtherRequest()
            counters.recordStatus(status)
        }
    }

    /// A uniform random duration in `0...limit`, for latency jitter.
    func jitter(upTo limit: Duration) -> Duration {
        let unit = lock.withLock { random.nextUnit() }
        return limit * unit
    }
}
