/// What the stand-in has seen since start or the last `POST /mock/reset`, as `GET /mock/stats` answers.
///
/// Counts cover the API paths only (token and pay calls, unknown paths); `/mock/` calls are not
/// counted so that polling the stats does not change them. In `staticResponses` mode nothing is counted.
public struct MockAPIStats: Sendable, Codable, Equatable {
    /// Pay calls in one wall-clock second.
    public struct Second: Sendable, Codable, Equatable {
        /// Unix time in seconds.
        public var second: Int64
        /// Pay calls that arrived in that second, whatever their answer.
        public var payCalls: Int
    }

    /// Requests to API paths.
    public var requests: Int
    /// `web-pay` and `wap-pay` calls, whatever their answer.
    public var payCalls: Int
    /// `auth/token` calls, whatever their answer.
    public var tokenCalls: Int
    /// Answers by HTTP status, keyed by the status as text ("200", "429", ...).
    public var responsesByStatus: [String: Int]
    /// Payable links created, including those hidden by `serverError`, `hang` and `malformed` faults.
    public var linksCreated: Int
    /// Distinct fingerprints (amount, callbackURL, returnURL, remark) among created links.
    public var distinctFingerprints: Int
    /// Fingerprints that got more than one link: orders a buyer could pay twice.
    public var duplicateFingerprints: Int
    /// The most links any one fingerprint got.
    public var maxLinksPerFingerprint: Int
    /// Pay calls per second over the last hour, oldest first; seconds without calls are left out.
    public var perSecond: [Second]
    /// Pay calls in the last full second.
    public var currentRate: Int
    /// Faults injected, by kind: every `MockFaults` share's field name, and for faults with several
    /// forms the field name, a dot and the form (`rateLimitedHugeRetryAfter.date`,
    /// `hugeTokenExpiry.1e400`). Every kind is listed, 0 when it never happened.
    public var faultsInjected: [String: Int]
}

/// A fingerprint that got more than one link, as `GET /mock/duplicates` lists it.
public struct MockDuplicate: Sendable, Codable, Equatable {
    /// The callbackURL, which carries paylink's order ID.
    public var callbackURL: String
    /// The amount in cents, as sent.
    public var amount: String
    /// Links created for this fingerprint.
    public var links: Int
}

/// A link created for another amount or merchant than asked, as `GET /mock/mismatches` lists it.
public struct MockMismatchedLink: Sendable, Codable, Equatable {
    /// `wrongAmount` or `wrongMerchant`.
    public var fault: String
    /// The callbackURL, which carries paylink's order ID.
    public var callbackURL: String
    /// The amount in cents the request asked for.
    public var requestedAmount: String
    /// The amount in cents the link is for.
    public var answeredAmount: String
    /// The merchant the link is under.
    public var merchantId: String
    /// The link's paymentId.
    public var paymentId: String
}
