import Foundation

/// The stand-in's shared state: tokens, faults, rate window, ID counter and stats, behind one lock.
///
/// Each request takes the lock once for a short decision (no IO, no waiting inside), so two event
/// loops at 20k+ calls a second rarely meet; the response is built after the lock is released.
final class MockAPIState: @unchecked Sendable {
    /// What a pay call is answered with.
    enum PayDecision: Sendable {
        /// An ERROR envelope with this HTTP status (and `Retry-After` seconds when set).
        case reject(status: Int, error: MockAPIError, retryAfterSeconds: Int?)
        /// The `unavailable` fault: 503 from a proxy, nothing created.
        case unavailable
        /// A link was created; `delivery` says how (or whether) the client learns of it.
        case created(CreatedLink, PayLinkBody, PayRequest, delivery: Delivery)
    }

    /// How a created link reaches the client.
    enum Delivery: Sendable, Equatable {
        case normal
        case serverError(status: Int)
        case hang(seconds: Double)
        case malformed
    }

    /// What a token call is answered with.
    enum TokenDecision: Sendable, Equatable {
        case issued(token: String, expiredMillis: Int64)
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
    let tokenLifetimeMillis: Int64
    let rateLimit: Int?
    // Everything below is guarded by `lock`; only this file and MockAPIState+decisions.swift touch it.
    let lock = NSLock()
    var faults: MockFaults
    var random: MockRandom
    var tokens: [String: IssuedToken] = [:]
    var tokensIssued = 0
    var counters = MockStatsCounters()
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
        let lifetime = configuration.tokenLifetime.components
        tokenLifetimeMillis = lifetime.seconds * 1000 + lifetime.attoseconds / 1_000_000_000_000_000
        rateLimit = configuration.rateLimit
        faults = configuration.faults
        random = MockRandom(seed: configuration.seed ?? UInt64.random(in: .min ... .max))
        // 16 digits like the API's paymentIds (milliseconds and a 3-digit sequence), unique per run.
        nextPaymentNumber = Self.nowMillis() * 1000
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

    /// Clears the stats (`POST /mock/reset`); tokens, faults and the rate window stay.
    func resetStats() {
        lock.withLock { counters = MockStatsCounters() }
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
