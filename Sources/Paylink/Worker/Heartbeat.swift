public import Logging
public import PaylinkRedis
public import ServiceLifecycle

/// The heartbeat writer: tells the fleet, every `interval`, that this worker process is alive,
/// what it serves and how busy it is (`paylink workers`, `paylink status`).
///
/// One per process, whatever the number of queues or shards: it sums its `Worker`s. Run it in
/// the worker's `ServiceGroup` *before* the workers, so graceful shutdown reaches it last: it
/// keeps beating while they drain, then removes its entry. A killed process leaves an entry that
/// readers ignore after `expiry` (3 beats) and the hash expires by itself. A Redis failure here
/// never stops the worker: it is logged (rate-limited) and the next beat tries again.
///
/// Each beat is one pipelined round trip: `ZADD` to `HeartbeatKeys.workers`, `HSET` and
/// `PEXPIRE` of the worker's hash, `ZREMRANGEBYSCORE` of entries older than `pruneAge`, and
/// `TIME`. Times are Redis's clock (`RedisClock`, refreshed by that `TIME`), like every other
/// time paylink stores, so hosts with skewed clocks still agree on who is alive.
public final class Heartbeat: Service, Sendable {
    /// Who this process is, as its hash shows it.
    public struct Identity: Sendable {
        /// `host:pid:<8 random hex digits>` (`WorkerConfiguration.workerName`).
        public var workerId: String
        public var host: String
        public var pid: Int
        public var version: String
        public var queues: [String]
        public var concurrency: Int

        public init(workerId: String, host: String, pid: Int, version: String, queues: [String], concurrency: Int) {
            self.workerId = workerId
            self.host = host
            self.pid = pid
            self.version = version
            self.queues = queues
            self.concurrency = concurrency
        }
    }

    /// Beats a process may miss before it counts as gone.
    public static let beatsToExpiry = 3
    /// Intervals `--heartbeat-interval` accepts; the longest makes the longest expiry (60 s).
    public static let intervalRange = Duration.milliseconds(100)...Duration.seconds(20)
    /// Members of `workers` older than this are removed by any beat: the longest expiry allowed,
    /// so a process with short settings never hides one with long settings.
    static let pruneAge = intervalRange.upperBound * beatsToExpiry
    /// Failing beats are logged at most this often.
    static let warningInterval = Duration.seconds(60)

    let identity: Identity
    let redis: RedisClient
    let workers: [Worker]
    let interval: Duration
    let logger: Logger

    /// After this long without a beat a process counts as gone (`beatsToExpiry` beats).
    public var expiry: Duration { interval * Self.beatsToExpiry }

    /// - Parameters:
    ///   - workers: the process's workers (one per shard), summed for `inflight` and `ordersDone`.
    ///   - interval: time between beats, within `intervalRange` (5 s by default).
    public init(identity: Identity, redis: RedisClient, workers: [Worker], interval: Duration = .seconds(5), logger: Logger) {
        self.identity = identity
        self.redis = redis
        self.workers = workers
        self.interval = min(max(interval, Self.intervalRange.lowerBound), Self.intervalRange.upperBound)
        self.logger = logger
    }

    public func run() async {
        var clock: RedisClock?
        var startedAt: Int64?
        var warning = RateLimitedWarning(interval: Self.warningInterval)
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do throws(RedisError) {
                if clock == nil { clock = try await RedisClock.read(redis) }
                if let now = clock?.now {
                    if startedAt == nil { startedAt = now }
                    clock = try await beat(now: now, startedAt: startedAt ?? now) ?? clock
                }
                warning.succeeded("Heartbeat written again", logger: logger)
            } catch {
                // Even a closed client ends nothing here: returning would stop the service group.
                warning.failed("Could not write the heartbeat; the worker goes on: \(error)", logger: logger)
            }
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
        }
        guard !Task.isCancelled else { return }
        await remove()
    }

    /// Writes one beat.
    /// - Returns: Redis's clock as the beat's `TIME` read it.
    private func beat(now: Int64, startedAt: Int64) async throws(RedisError) -> RedisClock? {
        let key = HeartbeatKeys.worker(identity.workerId)
        let expiryMs = expiry.milliseconds
        typealias Field = HeartbeatKeys.Field
        let fields: [any RedisArgumentConvertible] = [
            key,
            Field.host, identity.host, Field.pid, identity.pid, Field.version, identity.version,
            Field.queues, Self.jsonArray(identity.queues), Field.concurrency, identity.concurrency,
            Field.inflight, workers.reduce(0) { $0 + $1.ordersInFlight },
            Field.ordersDone, workers.reduce(0) { $0 + $1.ordersDone },
            Field.startedAt, startedAt, Field.lastBeat, now, Field.expiryMs, expiryMs,
        ]
        let replies = try await redis.checkedPipeline([
            RedisCommand("ZADD", HeartbeatKeys.workers, now, identity.workerId),
            RedisCommand("HSET", arguments: fields),
            RedisCommand("PEXPIRE", key, expiryMs),
            RedisCommand("ZREMRANGEBYSCORE", HeartbeatKeys.workers, "-inf", "(\(now - Self.pruneAge.milliseconds)"),
            RedisCommand("TIME"),
        ])
        return RedisClock(timeReply: replies.last)
    }

    /// Removes this process's entry: it stopped gracefully, so readers need not wait for expiry.
    func remove() async {
        do throws(RedisError) {
            _ = try await redis.checkedPipeline([
                RedisCommand("ZREM", HeartbeatKeys.workers, identity.workerId),
                RedisCommand("DEL", HeartbeatKeys.worker(identity.workerId)),
            ])
        } catch {
            logger.warning("Could not remove the heartbeat; it expires in \(expiry): \(error)")
        }
    }

    /// Queue names as a JSON array: a name may contain a comma, so a comma list would be ambiguous.
    static func jsonArray(_ names: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, name) in names.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(name, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
