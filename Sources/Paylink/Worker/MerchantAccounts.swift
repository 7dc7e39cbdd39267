/// The API clients a worker uses, one per merchant profile, each with its own token and limit.
public struct MerchantAccounts: Sendable {
    /// One merchant account's client and its fleet-wide limiter (nil for none).
    public struct Account: Sendable {
        public var api: OTTPayClient
        public var limiter: FleetRateLimiter?

        public init(api: OTTPayClient, limiter: FleetRateLimiter?) {
            self.api = api
            self.limiter = limiter
        }
    }

    public var defaultName: String
    public var accounts: [String: Account]

    public init(defaultName: String, accounts: [String: Account]) {
        self.defaultName = defaultName
        self.accounts = accounts
    }

    /// A single account that every order uses.
    public static func single(_ api: OTTPayClient, limiter: FleetRateLimiter? = nil) -> MerchantAccounts {
        MerchantAccounts(defaultName: "default", accounts: ["default": Account(api: api, limiter: limiter)])
    }

    /// Whether any account's HTTP client is closed for good (they usually share one): the
    /// worker must then stop, since every call it made would fail.
    var hasClosedClient: Bool {
        accounts.values.contains { $0.api.isClosed }
    }

    /// The account for an order: its `merchant`, or the default; nil for an unknown profile.
    func account(for order: Order) -> Account? {
        accounts[order.merchant ?? defaultName]
    }
}
