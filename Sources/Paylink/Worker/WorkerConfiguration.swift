import FoundationEssentials

/// Tuning for one worker process. Defaults suit a single merchant account on one machine.
public struct WorkerConfiguration: Sendable {
    public var keys: QueueKeys
    /// The sharded queue's recorded layout, when it has earlier layouts: before each call the
    /// worker reads the order's result in its shards under those (`EarlierShards`).
    public var shardLayout: ShardLayout?
    /// Orders processed at once (Swift tasks, HTTP requests in flight).
    public var concurrency: Int = 64
    /// Most orders taken in one claim: bounds the work a dying worker leaves to recovery.
    public var claimBatch: Int = 64
    /// How long a claimed order stays ours without renewal; renewed every third of it while held.
    public var lease: Duration = .seconds(30)
    /// On SIGTERM, how long in-flight orders may take before they are cancelled and requeued.
    public var shutdownDeadline: Duration = .seconds(25)
    /// After `shutdownDeadline`, the one budget for everything left: the last settle writes,
    /// the spool, returning leftover orders. The worker stops within `shutdownDeadline +
    /// shutdownBudget` of SIGTERM, so the service manager's stop timeout must be longer
    /// (`TimeoutStopSec=35` in Deploy/systemd/paylink-worker@.service, checked by a test).
    /// Covers one Redis command timeout (5 s by default), so a write sent just before the
    /// deadline can still be answered.
    public var shutdownBudget: Duration = .seconds(5)
    /// Calls an order may use on failures that may be retried; rate-limit refusals do not count.
    public var maxAttempts: Int = 8
    /// First retry delay; doubled per attempt, with full jitter.
    public var retryBaseDelay: Duration = .seconds(1)
    /// Longest wait between retries, and the cap on an honoured `Retry-After`.
    public var retryMaxDelay: Duration = .seconds(300)
    /// How often an order may be found held by a vanished job (its worker died or lost Redis)
    /// before it ends `failed` in the dead list: an order that crashes workers stops doing so.
    public var maxRecoveries: Int = 5
    /// How long, and how many, of the links this worker stored are kept to store again if Redis
    /// goes back to an earlier state (`RecentLinks`): longer than the writes `appendfsync
    /// everysec` can lose (about a second). About 3.4 KB of memory each (measured); 0 turns it off.
    public var recentLinksWindow: Duration = .seconds(3)
    public var recentLinksCapacity: Int = 1024
    /// What to do with an order whose earlier call may have created a link.
    public var ambiguousPolicy: AmbiguousPolicy = .retry
    /// How long an idle worker blocks on Redis waiting for orders before checking for shutdown.
    public var idleWait: Duration = .seconds(1)
    /// How often due retries are moved back to the queue.
    public var promoteInterval: Duration = .milliseconds(250)
    /// How long dead entries and final results are kept; applied every `trimInterval`.
    public var retention: Retention = .standard
    public var trimInterval: Duration = .seconds(60)
    /// Where results go when Redis cannot take them before the process stops; replayed at start.
    public var spoolDirectory: String = "paylink-spool"
    /// Recorded on results while sending, so operators can see who holds an order, and the
    /// process's ID in its heartbeat (`paylink workers`). `host:pid` alone is not unique: every
    /// container sharing the host's hostname (host networking) runs its worker as pid 1, so 32
    /// random bits follow.
    public var workerName: String =
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(String(UInt32.random(in: .min ... .max) | 0x1000_0000, radix: 16))"

    public init(keys: QueueKeys) {
        self.keys = keys
    }

    /// Checks the numbers; a bad one stops the program with its name.
    public func validate() throws(ConfigurationError) {
        guard (1...10_000).contains(concurrency) else { throw ConfigurationError(setting: "--concurrency", reason: "must be 1-10000, not \(concurrency)") }
        guard claimBatch >= 1 else { throw ConfigurationError(setting: "--claim-batch", reason: "must be at least 1") }
        guard shutdownDeadline >= .zero else { throw ConfigurationError(setting: "--shutdown-deadline", reason: "must not be negative") }
        guard shutdownBudget >= .milliseconds(100) else { throw ConfigurationError(setting: "shutdownBudget", reason: "must be at least 100 ms") }
        guard lease >= .seconds(1) else { throw ConfigurationError(setting: "--lease", reason: "must be at least 1 second") }
        guard (0...1_000_000).contains(recentLinksCapacity) else {
            throw ConfigurationError(setting: "--recent-links", reason: "must be 0-1000000, not \(recentLinksCapacity)")
        }
        guard (1...1000).contains(maxRecoveries) else {
            throw ConfigurationError(setting: "--max-recoveries", reason: "must be 1-1000, not \(maxRecoveries)")
        }
        guard maxAttempts >= 1 else { throw ConfigurationError(setting: "--max-attempts", reason: "must be at least 1") }
        guard retryBaseDelay >= .zero, retryMaxDelay >= retryBaseDelay else {
            throw ConfigurationError(setting: "--retry-cap", reason: "must be at least --retry-base")
        }
        guard !spoolDirectory.isEmpty else { throw ConfigurationError(setting: "--spool-dir", reason: "must not be empty") }
    }
}
