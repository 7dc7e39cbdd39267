/// The links the stand-in created for one fingerprint, as `GET /mock/links` lists them (only when
/// the stand-in runs with `recordLinks`).
///
/// paylink sends no order ID, so an order is known by its fingerprint (amount, callbackURL,
/// returnURL, remark); a callbackURL that carries the order ID names the order.
public struct MockOrderLinks: Sendable, Codable, Equatable {
    /// One created link.
    public struct Link: Sendable, Codable, Equatable {
        /// The link's paymentId, as answered (or hidden).
        public var paymentId: String
        /// When it was created, in Unix milliseconds: lets a chaos checker tell links made just
        /// before a Redis restart (whose record Redis may have lost) from the others.
        public var createdAt: Int64
        /// How the client was told: `normal`, or the `MockAPIStats.faultsInjected` key of the fault
        /// that shaped the answer (`serverError`, `hang`, `malformed`, `hugeBody`, `wrongAmount`,
        /// `wrongMerchant`).
        public var answer: String
        /// The amount in cents the link is for; differs from the request's only for `wrongAmount`.
        public var amount: String
        /// The merchant the link is under; another one only for `wrongMerchant`.
        public var merchantId: String
    }

    /// The callbackURL sent.
    public var callbackURL: String
    /// The amount in cents sent.
    public var amount: String
    /// Every link created for this fingerprint, oldest first.
    public var links: [Link]
}
