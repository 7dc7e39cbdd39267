public import Logging
public import PaylinkRedis
public import ServiceLifecycle

/// The worker service: claims orders from one queue and processes up to `concurrency` of them
/// at once as child tasks of one task group, refilling as they finish.
///
/// Run it in a `ServiceGroup`. On graceful shutdown (SIGTERM/SIGINT) it stops claiming, lets
/// in-flight orders finish until `shutdownDeadline`, then cancels them and returns their jobs
/// to the queue; results Redis cannot take go to the spool, all within `shutdownBudget` after
/// the deadline. It throws only when it cannot go on: the API refused the credentials
/// (`PayFailure`), or its HTTP or Redis client is closed for good (`WorkerError`).
public final class Worker: Service, Sendable {
    let configuration: WorkerConfiguration
    let queue: OrderQueue
    let redis: RedisClient
    let blockingRedis: RedisClient
    let processor: OrderProcessor
    let logger: Logger
    let gate: InFlightGate
    let spool: ResultSpool
    let held = HeldJobs()
    let failure = FailureBox()
    let shutdown: ShutdownClock
    /// Nil when no operator endpoint runs: no loop is watched.
    let health: WorkerHealth?

    /// - Parameters:
    ///   - redis: the client for ordinary commands (auto-pipelined across tasks).
    ///   - blockingRedis: a second client used only to block while the queue is empty.
    ///   - merchants: the API client (and fleet-wide limit) of each merchant profile.
    ///   - metrics: where to count orders, calls and waits (nil: metrics off, nothing measured).
    ///   - health: the probes' view of this process: its loops beat there, its shutdown drains it.
    public init(
        configuration: WorkerConfiguration, redis: RedisClient, blockingRedis: RedisClient, merchants: MerchantAccounts,
        metrics: WorkerMetrics? = nil, health: WorkerHealth? = nil, logger: Logger
    ) {
        self.configuration = configuration
        self.redis = redis
        self.blockingRedis = blockingRedis
        self.queue = OrderQueue(keys: configuration.keys, redis: redis)
        self.logger = logger
        self.gate = InFlightGate(capacity: configuration.concurrency)
        self.spool = ResultSpool(root: configuration.spoolDirectory, queue: configuration.keys.queue, redis: redis.endpoint, logger: logger)
        self.shutdown = ShutdownClock(drain: configuration.shutdownDeadline, budget: configuration.shutdownBudget)
        self.health = health
        self.processor = OrderProcessor(
            configuration: configuration, queue: queue, acknowledgements: AcknowledgementBatcher(queue: queue),
            merchants: merchants, spool: spool, shutdown: shutdown, metrics: metrics, logger: logger)
    }

    /// A worker for one merchant account.
    ///   - rateLimiter: the fleet-wide limit on pay calls, if any.
    public convenience init(
        configuration: WorkerConfiguration, redis: RedisClient, blockingRedis: RedisClient, api: OTTPayClient,
        rateLimiter: FleetRateLimiter? = nil, logger: Logger
    ) {
        self.init(
            configuration: configuration, redis: redis, blockingRedis: blockingRedis,
            merchants: .single(api, limiter: rateLimiter), logger: logger)
    }

    public func run() async throws {
        logger.info("Worker started", metadata: ["queue": "\(configuration.keys.queue)", "concurrency": "\(configuration.concurrency)"])
        await withGracefulShutdownHandler {
            guard await self.checkRedisVersion(), await self.replaySpool() else { return }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.maintainLeases() }
                group.addTask { await self.applyRetention() }
                group.addTask { await self.promoteDueRetries() }
                group.addTask { await self.watchForRestart() }
                await self.claimAndProcess()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.health?.beginDraining()
            self.shutdown.begin()
            self.logger.info("Shutting down: no new orders will be taken")
            self.gate.stop()
        }
        await returnLeftovers()
        if let failure = failure.value {
            logger.error("Worker stopped: \(failure)")
            throw failure
        }
        logger.info("Worker stopped")
    }

    /// The keys of the queue (or shard) this worker serves.
    public var keys: QueueKeys { configuration.keys }

    /// This worker's orders in flight, for the metrics and heartbeats.
    public var inFlight: Int { gate.count }

    /// The loop `/livez` watches, named for the queue; nil when nothing watches.
    func watchedLoop(_ name: String, every interval: Duration) -> LoopWatch.Loop? {
        health?.loops.register("\(name) \(configuration.keys.queue)", every: interval)
    }

    private func claimAndProcess() async {
        let loop = watchedLoop("claim", every: configuration.idleWait)
        await withDiscardingTaskGroup { group in
            var errorDelay = Duration.milliseconds(50)
            // The job counter only grows: lower than this process saw, Redis lost writes.
            var highestSequence = Int64.min
            // The operator's reason while the queue is paused, so pause and resume are logged once.
            var pausedFor: String?
            while true {
                loop?.beat()
                // Every slot busy is no sign of a stuck loop: orders may wait out a fleet pause.
                let free: Int
                if let loop {
                    free = await loop.waiting { await gate.waitForFreeSlots() }
                } else {
                    free = await gate.waitForFreeSlots()
                }
                guard free > 0 else { break }
                if processor.merchants.hasClosedClient {
                    stop(because: WorkerError.httpClientClosed)
                    break
                }
                let jobs: [ClaimedJob]
                do throws(RedisError) {
                    let batch = try await queue.claimBatch(
                        max: min(free, configuration.claimBatch), lease: configuration.lease,
                        worker: configuration.workerName, policy: configuration.ambiguousPolicy,
                        maxRecoveries: configuration.maxRecoveries)
                    errorDelay = .milliseconds(50)
                    notePause(batch.pausedReason, was: &pausedFor)
                    if batch.paused {
                        await waitWhilePaused()
                        continue
                    }
                    if let before = batch.sequenceBefore {
                        if before < highestSequence {
                            await recoverFromRollback(
                                evidence: "job counter \(before), this worker had seen \(highestSequence)", claimed: batch.jobs)
                            highestSequence = before
                            continue
                        }
                        highestSequence = max(highestSequence, before + Int64(batch.jobs.count))
                    }
                    jobs = batch.jobs
                } catch {
                    if error.code == .closed {
                        stop(because: WorkerError.redisClientClosed(error))
                        break
                    }
                    logger.warning("Could not claim orders; retrying in \(errorDelay): \(error)")
                    try? await Task.sleep(for: errorDelay)
                    errorDelay = min(errorDelay * 2, .seconds(2))
                    continue
                }
                if jobs.isEmpty {
                    await waitForOrders()
                    continue
                }
                held.insert(jobs)
                gate.take(jobs.count)
                for job in jobs {
                    group.addTask { await self.run(job) }
                }
            }
            // Counted from SIGTERM (or from whatever else stopped the loop), like the whole budget.
            if await !waitUntilIdle(deadline: shutdown.begin().drain) {
                logger.warning("Shutdown deadline passed; cancelling \(gate.count) orders and returning them to the queue")
                group.cancelAll()
            }
        }
    }

    /// One order's task.
    @inline(never)  // Keeps the task's first frame small.
    private func run(_ job: ClaimedJob) async {
        let outcome = await processor.process(job)
        switch outcome {
        case .done, .released:
            held.remove(job.jobId)
        case .credentialsRefused(let failure):
            held.remove(job.jobId)
            stop(because: failure)
        case .clientClosed(let error, let released):
            if released { held.remove(job.jobId) }
            stop(because: error)
        case .unsettled:
            break
        }
        gate.release()
    }

    /// Stops claiming for good; `run()` throws `failure` once in-flight orders are settled.
    func stop(because failure: any Error) {
        self.failure.set(failure)
        gate.stop()
    }

    /// Blocks on Redis until the queue has an element (without taking it) or `idleWait` passes.
    private func waitForOrders() async {
        let keys = configuration.keys
        let seconds = String(Double(configuration.idleWait.milliseconds) / 1000)
        do throws(RedisError) {
            _ = try await blockingRedis.send(
                RedisCommand("BLMOVE", keys.pending, keys.pending, "RIGHT", "RIGHT", seconds),
                blockingFor: configuration.idleWait)
        } catch {
            if error.code == .closed { stop(because: WorkerError.redisClientClosed(error)) }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func waitUntilIdle(deadline: ContinuousClock.Instant) async -> Bool {
        while gate.count > 0 {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    private func returnLeftovers() async {
        let leftovers = held.all
        guard !leftovers.isEmpty else { return }
        do {
            // Their state is unclear (a write failed mid-way), so they count as possibly sent.
            let returned = try await BoundedWrite.run(before: shutdown.begin().final) { [queue] () async throws(RedisError) in
                try await queue.release(leftovers.map { ($0, true) })
            }
            logger.info("Returned \(returned) orders to the queue")
        } catch {
            logger.error("Could not return \(leftovers.count) orders to the queue; they come back when their leases expire: \(error)")
        }
    }
}
