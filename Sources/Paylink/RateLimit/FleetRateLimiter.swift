import PaylinkSystem
import FoundationEssentials
public import Logging
public import PaylinkRedis

/// The fleet-wide rate limiter: every process consults it before each API call, so the whole
/// fleet stays within one merchant account's rate, burst and in-flight cap.
///
/// Each ``acquire()`` reserves the next slot in Redis (one script, Redis's clock) and sleeps
/// until it; no caller polls Redis for the rate. Slots go in order of arrival at Redis, and
/// within a process callers reach Redis in their own arrival order, so nobody starves. A
/// refusal from the API goes to ``pause(for:after:)``, which pauses the whole fleet once per storm.
///
/// When Redis cannot be reached, ``acquire()`` throws: the limiter never lets calls through
/// unlimited. Use one limiter per process and merchant account.
///
/// ```swift
/// let permit = try await limiter.acquire()
/// defer { Task { await limiter.release(permit) } }  // or release after the call returns
/// let response = try await api.send(request)
/// if response.status == 429 { await limiter.pause(for: response.retryAfter, after: permit) }
/// ```
public final class FleetRateLimiter: Sendable {
    /// The keys this limiter shares with the rest of the fleet.
    public let keys: RateLimitKeys
    public let configuration: RateLimitConfiguration
    let redis: RedisClient
    let logger: Logger
    let gcra: GCRA
    let fleetPause: FleetPause
    private let line = FIFOGate()
    private let permitIDs = PermitIDs()

    /// The furthest ahead a slot is reserved (µs); a slot further away is asked for again later,
    /// so a cancelled caller wastes little of the rate.
    static let maxWait: Int64 = 2_000_000
    /// How long the shared state outlives its last slot or pause beyond the quiet period (µs).
    static let keepMargin: Int64 = 60_000_000
    /// The longest sleep before asking Redis again (µs), whatever the script answered: a pause
    /// cleared by `paylink limit resume`, or a damaged hash, is then noticed within a second.
    static let longestSleep: Int64 = 1_000_000

    /// - Parameters:
    ///   - merchant: The OTT Pay app ID whose limit this is.
    /// - Throws: when the configuration or the app ID is unusable, naming the flag.
    public init(redis: RedisClient, merchant: String, configuration: RateLimitConfiguration, logger: Logger)
        throws(ConfigurationError)
    {
        try configuration.validate()
        self.keys = try RateLimitKeys(merchant: merchant)
        self.configuration = configuration
        self.redis = redis
        self.gcra = configuration.gcra
        self.fleetPause = configuration.fleetPause
        var logger = logger
        logger[metadataKey: "merchant"] = "\(merchant)"
        self.logger = logger
    }

    /// Waits for this caller's slot and returns its permit.
    /// - Throws: `.cancelled` when the task is cancelled while waiting (any permit taken is
    ///   given back); a connection error when Redis cannot be reached.
    public func acquire() async throws(RedisError) -> RatePermit {
        let id = permitIDs.next()
        do {
            try await line.enter()
        } catch {
            throw Self.cancelled
        }
        var inLine = true
        var held: Int64 = -1
        do throws(RedisError) {
            while true {
                let reply = try await reserve(id: id, held: held)
                switch reply.status {
                case 1:
                    if inLine {
                        line.leave()
                        inLine = false
                    }
                    if reply.micros <= 0 { return RatePermit(id: id, slot: reply.slot) }
                    held = reply.slot
                    try await Self.sleep(micros: min(reply.micros, Self.maxWait))
                case 0:
                    held = -1
                    let hint = min(max(reply.micros, 2), Self.longestSleep)
                    try await Self.sleep(micros: Int64.random(in: hint / 2...hint * 3 / 2))
                default:
                    held = -1
                    try await Self.sleep(micros: min(max(reply.micros, 0), Self.longestSleep))
                }
            }
        } catch {
            if inLine { line.leave() }
            await release(RatePermit(id: id, slot: held))
            throw error
        }
    }

    /// Gives a permit back, freeing its place under the in-flight cap. Best effort: a permit
    /// that cannot be given back lapses after the permit timeout.
    public func release(_ permit: RatePermit) async {
        guard configuration.maxInFlight != nil else { return }
        // An unstructured task, so that a caller cancelled during shutdown still gives its
        // permit back: the Redis client refuses commands from a cancelled task.
        let task = Task { [redis, keys] in
            _ = try await redis.send(RedisCommand("ZREM", keys.permits, permit.id))
        }
        if case .failure(let error) = await task.result {
            logger.debug("permit not given back; it lapses on its own", metadata: ["error": "\(error)"])
        }
    }

    private struct Reply {
        var status: Int64
        var micros: Int64
        var slot: Int64
    }

    private func reserve(id: String, held: Int64) async throws(RedisError) -> Reply {
        let hint = min(max(gcra.interval, 2_000), 50_000)
        let reply = try await redis.run(
            RateLimitScripts.reserve, keys: keys,
            arguments: [
                gcra.interval, gcra.tolerance, gcra.rampUp, GCRA.rampStartFraction, Self.maxWait,
                configuration.maxInFlight ?? 0, id, configuration.permitTimeout.microseconds, held, hint,
                fleetPause.quietPeriod + Self.keepMargin,
            ])
        guard let values = reply.array?.compactMap(\.int), values.count == 3 else {
            throw RedisError(
                code: .protocolError, command: "EVALSHA", message: "unexpected reply from the rate-limit script")
        }
        return Reply(status: values[0], micros: values[1], slot: values[2])
    }

    static let cancelled = RedisError(code: .cancelled, message: "cancelled while waiting for a rate-limit slot")

    static func sleep(micros: Int64) async throws(RedisError) {
        do {
            try await Task.sleep(for: .microseconds(micros))
        } catch {
            throw cancelled
        }
    }
}

/// Permit IDs unique across the fleet: a random prefix per limiter and a counter.
/// Locking: `lock` guards `counter`.
private final class PermitIDs: @unchecked Sendable {
    private let prefix = UUID().uuidString.prefix(13).lowercased()
    private let lock = Lock()
    private var counter: UInt64 = 0

    func next() -> String {
        let n = lock.withLock {
            counter += 1
            return counter
        }
        return "\(prefix):\(n)"
    }
}
