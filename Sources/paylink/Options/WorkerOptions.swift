import ArgumentParser
import Paylink
import PaylinkCLI

/// Worker tuning flags; defaults come from `WorkerConfiguration`.
struct WorkerOptions: ParsableArguments {
    @Option(help: "Orders processed at once (default 64).")
    var concurrency: Int?

    @Option(name: .customLong("lease"), help: "Seconds a claimed order stays reserved without renewal (default 30).")
    var leaseSeconds: Double?

    @Option(name: .customLong("shutdown-deadline"), help: "Seconds in-flight orders may take after SIGTERM (default 25).")
    var shutdownDeadlineSeconds: Double?

    @Option(name: .customLong("max-attempts"), help: "Calls an order may use on retryable failures; 429s do not count (default 8).")
    var maxAttempts: Int?

    @Option(
        name: .customLong("recent-links"),
        help: "Links kept (about 3.4 KB each, for 3 s) to store again if Redis loses its last writes; 0 turns it off (default 1024).")
    var recentLinks: Int?

    @Option(
        name: .customLong("max-recoveries"),
        help: "Times an order may be taken back from a worker that vanished before it goes to the dead list (default 5).")
    var maxRecoveries: Int?

    @Option(name: .customLong("retry-base"), help: "Seconds of the first retry delay, doubled per attempt with full jitter (default 1).")
    var retryBaseSeconds: Double?

    @Option(name: .customLong("retry-cap"), help: "Longest retry delay in seconds, also the cap on Retry-After (default 300).")
    var retryCapSeconds: Double?

    @Option(name: .customLong("ambiguous"), help: "When a call may have created a link unseen: retry (flag possibleDuplicate) or park (status unknown) (env PAYLINK_AMBIGUOUS; default retry).")
    var ambiguous: String?

    @Option(name: .customLong("spool-dir"), help: "Directory for results Redis could not take before exit, replayed at start (env PAYLINK_SPOOL_DIR; default ./paylink-spool).")
    var spoolDirectory: String?

    @Option(name: .customLong("result-retention-days"), help: "Days final results are kept; a push after that is sent again (default 30).")
    var resultRetentionDays: Double?

    @Option(name: .customLong("dead-retention-days"), help: "Days dead entries are kept (default 30).")
    var deadRetentionDays: Double?

    @Option(name: .customLong("dead-max"), help: "Most dead entries kept; the oldest go first (default 100000).")
    var deadMax: Int?

    @Option(name: .customLong("batch-retention-days"), help: "Days a batch's figures are kept after its last change (default 30).")
    var batchRetentionDays: Double?

    @Option(name: .customLong("events-max"), help: "About how many events the stream keeps (default 1000000); events also go after --result-retention-days.")
    var eventsMax: Int?

    @Option(name: .customLong("result-max"), help: "Most final results kept; the oldest go first (default 10000000).")
    var resultMax: Int?

    @Option(name: .customLong("rate"), help: "Pay calls per second for the whole fleet, shared through Redis (env PAYLINK_RATE; default: no limit).")
    var rate: Double?

    @Option(name: .customLong("burst"), help: "Calls the fleet may make at once above the rate after an idle spell (default: a tenth of --rate, at least 1).")
    var burst: Int?

    @Option(name: .customLong("max-in-flight"), help: "Most pay calls in flight across the fleet (default: no cap).")
    var maxInFlight: Int?

    @Flag(name: .customLong("token-per-process"), help: "Fetch an API token per process instead of sharing one through Redis.")
    var tokenPerProcess = false

    @Option(name: .customLong("api-timeout"), help: "Seconds before a pay call is abandoned as ambiguous (default 10).")
    var apiTimeoutSeconds: Double?

    @Option(
        name: .customLong("heartbeat-interval"),
        help: "Seconds between the process's heartbeats (paylink workers); it counts as gone after 3 missed beats (0.1-20, default 5).")
    var heartbeatIntervalSeconds: Double?

    func configuration(keys: QueueKeys) throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration(keys: keys)
        if let concurrency {
            configuration.concurrency = concurrency
            configuration.claimBatch = concurrency
        }
        if let leaseSeconds { configuration.lease = try seconds(leaseSeconds, flag: "--lease") }
        if let shutdownDeadlineSeconds {
            configuration.shutdownDeadline = try seconds(shutdownDeadlineSeconds, flag: "--shutdown-deadline")
        }
        if let maxAttempts { configuration.maxAttempts = maxAttempts }
        if let maxRecoveries { configuration.maxRecoveries = maxRecoveries }
        if let recentLinks { configuration.recentLinksCapacity = recentLinks }
        if let retryBaseSeconds { configuration.retryBaseDelay = try seconds(retryBaseSeconds, flag: "--retry-base") }
        if let retryCapSeconds { configuration.retryMaxDelay = try seconds(retryCapSeconds, flag: "--retry-cap") }
        if let policy = ambiguous ?? Environment.value("PAYLINK_AMBIGUOUS") {
            guard let parsed = AmbiguousPolicy(rawValue: policy) else {
                throw ValidationError("invalid --ambiguous / PAYLINK_AMBIGUOUS: \"\(policy)\" is not retry or park")
            }
            configuration.ambiguousPolicy = parsed
        }
        if let directory = spoolDirectory ?? Environment.value("PAYLINK_SPOOL_DIR") { configuration.spoolDirectory = directory }
        if let resultRetentionDays {
            configuration.retention.resultMaxAge = try seconds(resultRetentionDays * 86_400, flag: "--result-retention-days", max: 3650 * 86_400)
        }
        if let deadRetentionDays {
            configuration.retention.deadMaxAge = try seconds(deadRetentionDays * 86_400, flag: "--dead-retention-days", max: 3650 * 86_400)
        }
        if let deadMax {
            guard deadMax >= 0 else { throw ValidationError("invalid --dead-max: \(deadMax) must not be negative") }
            configuration.retention.deadMaxCount = deadMax
        }
        if let batchRetentionDays {
            configuration.retention.batchMaxAge = try seconds(batchRetentionDays * 86_400, flag: "--batch-retention-days", max: 3650 * 86_400)
        }
        if let eventsMax {
            guard eventsMax >= 1 else { throw ValidationError("invalid --events-max: \(eventsMax) must be at least 1") }
            configuration.retention.eventsMaxLength = eventsMax
        }
        if resultRetentionDays != nil { configuration.retention.eventMaxAge = configuration.retention.resultMaxAge }
        if let resultMax {
            guard resultMax >= 0 else { throw ValidationError("invalid --result-max: \(resultMax) must not be negative") }
            configuration.retention.resultMaxCount = resultMax
        }
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return configuration
    }

    /// The fleet-wide rate limit, when `--rate` (or PAYLINK_RATE) is given.
    func rateLimit() throws -> RateLimitConfiguration? {
        let text = rate == nil ? Environment.value("PAYLINK_RATE") : nil
        guard let requestsPerSecond = rate ?? text.flatMap(Double.init) else {
            if let text { throw ValidationError("invalid PAYLINK_RATE: \"\(text)\" is not a number") }
            guard burst == nil, maxInFlight == nil else { throw ValidationError("invalid --burst/--max-in-flight: they need --rate") }
            return nil
        }
        // Checked before the default burst is derived from it: inf, nan or 1e20 would trap there.
        guard requestsPerSecond.isFinite, requestsPerSecond >= 0.001, requestsPerSecond <= 1_000_000 else {
            let flag = rate == nil ? "PAYLINK_RATE" : "--rate"
            throw ValidationError("invalid \(flag): \(requestsPerSecond) must be between 0.001 and 1000000 calls per second")
        }
        let configuration = RateLimitConfiguration(
            requestsPerSecond: requestsPerSecond, burst: burst ?? max(1, Int(requestsPerSecond / 10)), maxInFlight: maxInFlight)
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return configuration
    }

    var heartbeatInterval: Duration {
        get throws {
            let interval = try seconds(heartbeatIntervalSeconds ?? 5, flag: "--heartbeat-interval", max: 20)
            guard interval >= Heartbeat.intervalRange.lowerBound else {
                throw ValidationError("invalid --heartbeat-interval: \(heartbeatIntervalSeconds ?? 0) must be 0.1-20 seconds")
            }
            return interval
        }
    }

    var apiTimeout: Duration {
        get throws { try seconds(apiTimeoutSeconds ?? 10, flag: "--api-timeout") }
    }

    private func seconds(_ value: Double, flag: String, max: Double = 86_400) throws -> Duration {
        guard value.isFinite, value > 0, value <= max, let milliseconds = Int64(exactly: (value * 1000).rounded(.down)) else {
            throw ValidationError("invalid \(flag): \(value) is out of range")
        }
        return .milliseconds(milliseconds)
    }
}
