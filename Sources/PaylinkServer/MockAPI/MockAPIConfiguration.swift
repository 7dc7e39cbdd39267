/// Settings of the OTT Pay API stand-in (`MockAPIServer`): where it listens, who may log in, how
/// fast and how reliably it answers.
///
/// Defaults give a fast, fault-free API on a free loopback port with the demo merchant
/// `ON00000185` / `demo-app-key-0e83`. Example for a chaos run:
/// ```swift
/// var configuration = MockAPIConfiguration(port: 8089, latency: .milliseconds(80), rateLimit: 500)
/// configuration.faults.hang = 0.01
/// ```
public struct MockAPIConfiguration: Sendable {
    /// Address to bind; keep it on loopback unless other machines of yours must reach it.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free port, reported through `MockAPIServer`'s `onListening`.
    public var port: Int = 0
    /// Merchants allowed to fetch tokens: appId -> appKey. The appId is also the `merchantId` in
    /// answers and the `secondary_merchant_id` in `payInfo`.
    public var credentials: [String: String] = ["ON00000185": "demo-app-key-0e83"]
    /// How long an issued token works; the real API's tokens live about 15 minutes.
    public var tokenLifetime: Duration = .seconds(900)
    /// Time every pay call waits before it is answered, like the network and OTT Pay's own work.
    /// The wait is a `Task.sleep`, so thousands of waiting calls cost no threads.
    public var latency: Duration = .zero
    /// Extra wait added to `latency`, uniform in `0...latencyJitter`, drawn per call.
    public var latencyJitter: Duration = .zero
    /// Pay calls admitted per second, counted in fixed one-second windows of the wall clock; the
    /// excess gets HTTP 429 with `Retry-After: 1` and creates nothing. `nil` means no limit (the real
    /// API documents none; set one to test a client's own limiter and back-off).
    public var rateLimit: Int? = nil
    /// Failures injected into pay calls; replaceable at run time with `PUT /mock/faults`.
    public var faults: MockFaults = .init()
    /// Benchmark mode: every pay call gets one precomputed SUCCESS body at once, without auth,
    /// validation, latency, faults or stats. It shows the most a client can reach against this
    /// machine; use normal mode for anything that checks behaviour.
    public var staticResponses: Bool = false
    /// Keep every created link (paymentId, answer, amount, merchant) by fingerprint for
    /// `GET /mock/links`, so a chaos run can compare each order's result with the links made for it.
    /// About 100 bytes a link, so off by default: load tests make millions.
    public var recordLinks: Bool = false
    /// Seed for fault draws, IDs and fake signatures, making a run repeatable (tests); `nil` seeds
    /// from the system generator.
    public var seed: UInt64? = nil

    /// Creates a configuration; every parameter defaults to the property's documented default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        credentials: [String: String] = ["ON00000185": "demo-app-key-0e83"],
        tokenLifetime: Duration = .seconds(900),
        latency: Duration = .zero,
        latencyJitter: Duration = .zero,
        rateLimit: Int? = nil,
        faults: MockFaults = .init(),
        staticResponses: Bool = false,
        recordLinks: Bool = false,
        seed: UInt64? = nil
    ) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.tokenLifetime = tokenLifetime
        self.latency = latency
        self.latencyJitter = latencyJitter
        self.rateLimit = rateLimit
        self.faults = faults
        self.staticResponses = staticResponses
        self.recordLinks = recordLinks
        self.seed = seed
    }
}
