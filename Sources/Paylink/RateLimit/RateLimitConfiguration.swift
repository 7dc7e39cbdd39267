/// How fast the whole fleet may call the API for one merchant account: set from the worker's
/// `--rate`, `--burst` and `--max-in-flight` flags. Every process must use the same values.
public struct RateLimitConfiguration: Sendable, Equatable {
    /// Calls per second across all processes (`--rate`).
    public var requestsPerSecond: Double
    /// Calls that may go at the same moment after idle time (`--burst`).
    public var burst: Int
    /// Calls in flight across all processes, or nil for no cap (`--max-in-flight`).
    public var maxInFlight: Int?
    /// How long a permit counts against `maxInFlight` when its holder never releases it (a
    /// crashed process): longer than the slowest API call.
    public var permitTimeout: Duration
    /// How long the rate takes to climb back to full after a fleet pause.
    public var rampUp: Duration
    /// The first pause after a refusal without `Retry-After`; doubles per consecutive storm.
    public var pauseBase: Duration
    /// The longest such pause.
    public var pauseCap: Duration
    /// Quiet time after a pause that resets the doubling.
    public var quietPeriod: Duration
    /// The longest fleet pause, whatever `Retry-After` the API sends. The worker sets it to
    /// `min(--retry-cap, 1 h)`: an order never waits longer than the retry cap anyway.
    public var maxPause: Duration

    public init(
        requestsPerSecond: Double, burst: Int, maxInFlight: Int? = nil, permitTimeout: Duration = .seconds(60),
        rampUp: Duration = .seconds(3), pauseBase: Duration = .seconds(1), pauseCap: Duration = .seconds(60),
        quietPeriod: Duration = .seconds(30), maxPause: Duration = .seconds(3600)
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.maxInFlight = maxInFlight
        self.permitTimeout = permitTimeout
        self.rampUp = rampUp
        self.pauseBase = pauseBase
        self.pauseCap = pauseCap
        self.quietPeriod = quietPeriod
        self.maxPause = maxPause
    }

    /// Checks the values, naming the flag at fault.
    public func validate() throws(ConfigurationError) {
        guard requestsPerSecond.isFinite, requestsPerSecond >= 0.001, requestsPerSecond <= 1_000_000 else {
            throw ConfigurationError(
                setting: "--rate", reason: "\(requestsPerSecond) must be between 0.001 and 1000000 calls per second")
        }
        guard burst >= 1, burst <= 100_000 else {
            throw ConfigurationError(setting: "--burst", reason: "\(burst) must be between 1 and 100000")
        }
        if let maxInFlight, maxInFlight < 1 {
            throw ConfigurationError(setting: "--max-in-flight", reason: "\(maxInFlight) must be at least 1")
        }
        guard permitTimeout > .zero, rampUp >= .zero, pauseBase > .zero, pauseCap >= pauseBase, quietPeriod >= .zero,
            maxPause > .zero, maxPause <= .seconds(86_400)
        else {
            throw ConfigurationError(
                setting: "rate limit timings",
                reason: "permit timeout and pause base must be positive, pause cap at least the base, max pause 0-1 day")
        }
    }

    /// The rate arithmetic these settings describe.
    public var gcra: GCRA { GCRA(requestsPerSecond: requestsPerSecond, burst: burst, rampUp: rampUp) }

    /// The pause arithmetic these settings describe.
    public var fleetPause: FleetPause {
        FleetPause(base: pauseBase, cap: pauseCap, quietPeriod: quietPeriod, maxPause: maxPause)
    }
}
