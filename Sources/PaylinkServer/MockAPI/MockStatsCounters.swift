/// Counters behind `MockAPIStats`: plain value state with mutating methods, locked by `MockAPIState`.
///
/// Built for tens of thousands of updates a second: fixed arrays for statuses and the per-second
/// ring, and a 64-bit hash per fingerprint rather than its strings (a collision among a few million
/// links is about one in a million; only duplicated fingerprints keep their text).
struct MockStatsCounters: Sendable {
    /// Seconds of history kept for `perSecond`.
    static let historySeconds = 3600

    private(set) var requests = 0
    private(set) var payCalls = 0
    private(set) var tokenCalls = 0
    private(set) var linksCreated = 0
    private var statusCounts = [Int](repeating: 0, count: 600)
    private var ringSecond = [Int64](repeating: -1, count: historySeconds)
    private var ringCount = [Int](repeating: 0, count: historySeconds)
    private var linksByFingerprint: [Int: Int32] = [:]
    private var duplicates: [Int: MockDuplicate] = [:]
    private var maxLinksPerFingerprint = 0
    private var faultCounts = [Int](repeating: 0, count: MockFaultKind.allCases.count)

    /// Counts a request to an API path other than the pay and token calls.
    mutating func recordOtherRequest() {
        requests += 1
    }

    /// Counts a token call.
    mutating func recordTokenCall() {
        requests += 1
        tokenCalls += 1
    }

    /// Counts a pay call arriving in the given second.
    /// - Parameter second: unix seconds.
    mutating func recordPayCall(second: Int64) {
        requests += 1
        payCalls += 1
        let slot = Int(second % Int64(Self.historySeconds))
        if ringSecond[slot] != second {
            ringSecond[slot] = second
            ringCount[slot] = 0
        }
        ringCount[slot] += 1
    }

    /// Counts an answer's HTTP status.
    mutating func recordStatus(_ status: Int) {
        statusCounts[min(max(status, 0), statusCounts.count - 1)] += 1
    }

    /// Counts an injected fault.
    mutating func recordFault(_ kind: MockFaultKind) {
        faultCounts[kind.index] += 1
    }

    /// Counts a created link under its request's fingerprint.
    /// - Returns: the fingerprint's hash, for `MockLinkLedger`.
    @discardableResult
    mutating func recordLink(_ request: PayRequest) -> Int {
        linksCreated += 1
        var hasher = Hasher()
        hasher.combine(request.amount)
        hasher.combine(request.callbackURL)
        hasher.combine(request.returnURL)
        hasher.combine(request.remark)
        let fingerprint = hasher.finalize()
        let links = Int(linksByFingerprint[fingerprint, default: 0] + 1)
        linksByFingerprint[fingerprint] = Int32(truncatingIfNeeded: links)
        maxLinksPerFingerprint = max(maxLinksPerFingerprint, links)
        if links >= 2 {
            duplicates[fingerprint] = MockDuplicate(callbackURL: request.callbackURL, amount: request.amount, links: links)
        }
        return fingerprint
    }

    /// The fingerprints with more than one link, most links first.
    var duplicateList: [MockDuplicate] {
        duplicates.values.sorted { ($0.links, $1.callbackURL) > ($1.links, $0.callbackURL) }
    }

    /// A snapshot for `GET /mock/stats`.
    /// - Parameter nowSecond: the current unix second; the window ends before it.
    func snapshot(nowSecond: Int64) -> MockAPIStats {
        var byStatus: [String: Int] = [:]
        for (status, count) in statusCounts.enumerated() where count > 0 { byStatus[String(status)] = count }
        var perSecond: [MockAPIStats.Second] = []
        for (slot, second) in ringSecond.enumerated()
        where second > nowSecond - Int64(Self.historySeconds) && second <= nowSecond {
            perSecond.append(.init(second: second, payCalls: ringCount[slot]))
        }
        perSecond.sort { $0.second < $1.second }
        let lastFull = nowSecond - 1
        let lastSlot = Int(lastFull % Int64(Self.historySeconds))
        return MockAPIStats(
            requests: requests,
            payCalls: payCalls,
            tokenCalls: tokenCalls,
            responsesByStatus: byStatus,
            linksCreated: linksCreated,
            distinctFingerprints: linksByFingerprint.count,
            duplicateFingerprints: duplicates.count,
            maxLinksPerFingerprint: maxLinksPerFingerprint,
            perSecond: perSecond,
            currentRate: ringSecond[lastSlot] == lastFull ? ringCount[lastSlot] : 0,
            faultsInjected: Dictionary(
                uniqueKeysWithValues: MockFaultKind.allCases.map { ($0.rawValue, faultCounts[$0.index]) })
        )
    }
}
