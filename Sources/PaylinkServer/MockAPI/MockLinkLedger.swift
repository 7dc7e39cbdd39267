/// What the stand-in remembers of the links it created, beyond counts: the links that answered
/// another amount or merchant (always), and every link by fingerprint (only with `recordLinks`).
///
/// A chaos run's checker compares paylink's results with this: an order stored `succeeded` with a
/// wrong-amount link's paymentId, or a result naming fewer links than the stand-in made. Every link
/// costs about 100 bytes here, which is why the full record is opt-in: a load test makes millions.
/// Plain value state, locked by `MockAPIState`.
struct MockLinkLedger: Sendable {
    /// Most mismatched links kept, so that a run with `wrongAmount = 1` cannot grow without bound;
    /// `MockAPIStats.faultsInjected` keeps counting past it.
    static let mismatchLimit = 100_000

    private struct Link: Sendable {
        var paymentNumber: Int64
        var createdAtMillis: Int64
        var fault: MockFaultKind?
        var amount: String
        var merchantId: String
    }

    private struct Entry: Sendable {
        var callbackURL: String
        var amount: String
        var links: [Link]
    }

    /// Whether every link is kept, for `GET /mock/links`.
    let recordsEveryLink: Bool
    /// Links answered with another amount or merchant, oldest first, at most `mismatchLimit`.
    private(set) var mismatches: [MockMismatchedLink] = []
    private var entries: [Int: Entry] = [:]

    /// Creates an empty ledger.
    /// - Parameter recordsEveryLink: keep every link, not only the mismatched ones.
    init(recordsEveryLink: Bool) {
        self.recordsEveryLink = recordsEveryLink
    }

    /// Records one created link.
    /// - Parameters:
    ///   - fingerprint: the request's fingerprint hash, as `MockStatsCounters` counts it.
    ///   - request: what was asked for.
    ///   - paymentNumber: the link's paymentId.
    ///   - createdAtMillis: when it was created, Unix ms.
    ///   - fault: the fault that shaped the answer, `nil` for a normal one.
    ///   - answeredAmount: the amount the link is for (the request's unless `wrongAmount`).
    ///   - merchantId: the merchant the link is under (the caller's unless `wrongMerchant`).
    mutating func record(
        fingerprint: Int,
        request: PayRequest,
        paymentNumber: Int64,
        createdAtMillis: Int64,
        fault: MockFaultKind?,
        answeredAmount: String,
        merchantId: String
    ) {
        if fault == .wrongAmount || fault == .wrongMerchant, mismatches.count < Self.mismatchLimit {
            mismatches.append(
                MockMismatchedLink(
                    fault: fault?.rawValue ?? "", callbackURL: request.callbackURL, requestedAmount: request.amount,
                    answeredAmount: answeredAmount, merchantId: merchantId, paymentId: String(paymentNumber)))
        }
        guard recordsEveryLink else { return }
        let link = Link(
            paymentNumber: paymentNumber, createdAtMillis: createdAtMillis, fault: fault, amount: answeredAmount,
            merchantId: merchantId)
        let empty = Entry(callbackURL: request.callbackURL, amount: request.amount, links: [])
        entries[fingerprint, default: empty].links.append(link)
    }

    /// Every recorded fingerprint with its links, by callbackURL; empty unless `recordsEveryLink`.
    var orderLinks: [MockOrderLinks] {
        entries.values
            .map { entry in
                MockOrderLinks(
                    callbackURL: entry.callbackURL, amount: entry.amount,
                    links: entry.links.map {
                        .init(
                            paymentId: String($0.paymentNumber), createdAt: $0.createdAtMillis,
                            answer: $0.fault?.rawValue ?? "normal", amount: $0.amount, merchantId: $0.merchantId)
                    })
            }
            .sorted { ($0.callbackURL, $0.amount) < ($1.callbackURL, $1.amount) }
    }
}
