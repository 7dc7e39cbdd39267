import Prometheus
import Logging
import PaylinkRedis

/// Takes one claimed job one step on: parse, make one API call, then settle the job in Redis:
/// a final result (acknowledged in the same step), or a place in the retry set.
///
/// A class, so that each order's task holds one reference to it, not a copy of every field in
/// each of its async frames.
final class OrderProcessor: Sendable {
    /// Outcome of processing a job, for the worker loop.
    enum Outcome: Sendable {
        /// Settled: a final result stored, a retry scheduled, or a result safe in the spool.
        case done
        /// The job went back to the queue (shutdown).
        case released
        /// The merchant's credentials were refused: the worker must stop; the job went back.
        case credentialsRefused(PayFailure)
        /// Redis could not be written before shutdown: the job is still held, and the worker
        /// returns it to the queue on its way out (or its lease expires).
        case unsettled
        /// A client the worker needs is closed for good: the worker must stop. `released` says
        /// whether the job went back (else the worker tries again on its way out).
        case clientClosed(WorkerError, released: Bool)
    }

    let configuration: WorkerConfiguration
    let queue: OrderQueue
    let acknowledgements: AcknowledgementBatcher
    let sentMarks: SentMarks
    let recentLinks: RecentLinks
    /// Nil unless the queue has earlier shard layouts.
    let earlierShards: EarlierShards?
    let merchants: MerchantAccounts
    let spool: ResultSpool
    /// Once shutdown has begun, settle writes are tried once and bounded (see `persist`).
    let shutdown: ShutdownClock
    /// Nil when metrics are off (no `--http-address`): then nothing is measured at all.
    let metrics: WorkerMetrics?
    let queueMetrics: QueueMetrics?
    let logger: Logger

    init(
        configuration: WorkerConfiguration, queue: OrderQueue, acknowledgements: AcknowledgementBatcher,
        merchants: MerchantAccounts, spool: ResultSpool, shutdown: ShutdownClock, metrics: WorkerMetrics?, logger: Logger
    ) {
        self.configuration = configuration
        self.queue = queue
        self.acknowledgements = acknowledgements
        self.sentMarks = SentMarks(queue: queue)
        self.recentLinks = RecentLinks(window: configuration.recentLinksWindow, capacity: configuration.recentLinksCapacity)
        self.earlierShards = configuration.shardLayout.flatMap {
            $0.previous.isEmpty ? nil : EarlierShards(layout: $0, current: configuration.keys.queue, redis: queue.redis)
        }
        self.merchants = merchants
        self.spool = spool
        self.shutdown = shutdown
        self.metrics = metrics
        self.queueMetrics = metrics?.queue(configuration.keys.queue)
        self.logger = logger
    }

    /// What to do with a job once its API call (or its parsing) is over.
    enum Settlement: Sendable {
        case store(OrderResult)
        case retry(orderId: String, failure: PayFailure, unsureNote: String?)
        case release(maySent: Bool)
        /// The job no longer holds the order (its lease is gone): nothing was sent, nothing to write.
        case abandon
        /// The credentials were refused: the job goes back and the worker stops.
        case stop(PayFailure)
        /// The HTTP client is closed for good: the job goes back and the worker stops.
        case stopWorker(WorkerError, maySent: Bool)
    }

    // The steps are separate functions so that an order's task holds only the frames of the
    // step it is in: async frames keep every local of the function, about 1 KB each here.
    func process(_ job: ClaimedJob) async -> Outcome {
        let started: ContinuousClock.Instant? = queueMetrics == nil ? nil : .now
        var enqueuedAt: Int64?
        let settlement: Settlement
        switch Self.parse(job.element) {
        case .failure(let rejection):
            guard rejection.orderId != nil else { return await rejectUnreadable(job, rejection: rejection) }
            settlement = invalid(rejection)
        case .success(let order):
            guard !merchants.hasClosedClient else { return await settle(.stopWorker(.httpClientClosed, maySent: false), job: job) }
            enqueuedAt = order.enqueuedAt
            settlement = unlessClientClosed(await callUnlessKnown(order, job: job))
        }
        let outcome = await settle(settlement, job: job)
        if let started { observeTimes(settlement, outcome, started: started, enqueuedAt: enqueuedAt) }
        return outcome
    }

    /// `paylink_order_duration_seconds` for an attempt that ended in a result or a retry, and
    /// `paylink_order_latency_seconds` for a final result whose order says when it was pushed.
    @inline(never)
    private func observeTimes(_ settlement: Settlement, _ outcome: Outcome, started: ContinuousClock.Instant, enqueuedAt: Int64?) {
        guard let queueMetrics, case .done = outcome else { return }
        switch settlement {
        case .store:
            queueMetrics.orderDuration.record(started.duration(to: .now))
            if let enqueuedAt {
                let waited = UnixTime.milliseconds() - enqueuedAt
                // A producer clock far ahead would give a negative age: left out, not clamped to 0.
                if waited >= 0 { queueMetrics.orderLatency.record(.milliseconds(waited)) }
            }
        case .retry:
            queueMetrics.orderDuration.record(started.duration(to: .now))
        default:
            break
        }
    }

    @inline(never)
    private func invalid(_ rejection: OrderRejection) -> Settlement {
        let orderId = rejection.orderId ?? ""
        logger.debug("Order is invalid", metadata: ["orderId": "\(orderId)", "reason": "\(rejection)"])
        return .store(ResultBuilder.invalid(orderId: orderId, rejection: rejection))
    }

    /// Not inlined: the parser's locals then live on the thread's stack, not in the task's frame.
    @inline(never)
    private static func parse(_ element: [UInt8]) -> Result<Order, OrderRejection> {
        OrderParser.parse(element)
    }

    private func rejectUnreadable(_ job: ClaimedJob, rejection: OrderRejection) async -> Outcome {
        logger.warning("A queue element is not a readable order", metadata: ["jobId": "\(job.jobId)", "reason": "\(rejection)"])
        let stored = await persist("settle unreadable job", job.jobId) { [self] () async throws(RedisError) in
            try await queue.reject(job, reason: rejection.description)
        }
        guard stored != nil else { return .unsettled }
        queueMetrics?.count(.rejected)
        return .done
    }

    @inline(never)  // Inlined, its locals would sit in `process`'s frame during the API call.
    private func settle(_ settlement: Settlement, job: ClaimedJob) async -> Outcome {
        switch settlement {
        case .store(let result):
            return await store(result, for: job)
        case .retry(let orderId, let failure, let unsureNote):
            return await scheduleRetry(orderId, job: job, failure: failure, unsureNote: unsureNote)
        case .release(let maySent):
            return await release(job, maySent: maySent)
        case .abandon:
            return .done
        case .stop(let failure):
            _ = await release(job, maySent: false)
            return .credentialsRefused(failure)
        case .stopWorker(let error, let maySent):
            let released = await release(job, maySent: maySent)
            if case .released = released { return .clientClosed(error, released: true) }
            return .clientClosed(error, released: false)
        }
    }

    func call(_ order: Order, job: ClaimedJob) async -> Settlement {
        guard let account = merchants.account(for: order) else {
            let rejection = OrderRejection(orderId: order.orderId, field: "merchant", rule: "names no configured merchant profile")
            return .store(ResultBuilder.invalid(orderId: order.orderId, rejection: rejection))
        }
        guard let limiter = account.limiter else {
            if let unsent = await markSent(job, order: order) { return unsent }
            return settlement(for: await account.api.createPaymentLink(for: order), order: order, job: job, appId: account.api.appId)
        }
        // Waiting for the fleet's rate never uses up an attempt: nothing has been sent.
        guard let permit = await acquire(limiter) else { return .release(maySent: false) }
        if let unsent = await markSent(job, order: order) {
            await limiter.release(permit)
            return unsent
        }
        let outcome = await account.api.createPaymentLink(for: order)
        await limiter.release(permit)
        if case .failure(let refusal) = outcome,
            refusal.kind == .rateLimited || (refusal.kind == .transient && refusal.retryAfter != nil)
        {
            // The API asked the merchant to slow down: the whole fleet pauses, once per storm
            // (the limiter logs it).
            await limiter.pause(for: refusal.retryAfter, after: permit)
        }
        return settlement(for: outcome, order: order, job: job, appId: account.api.appId)
    }

    /// Marks the order as sent, the moment before its call (after any wait for the rate limit),
    /// so that a crash before this point is known not to have sent anything.
    /// - Returns: nil to make the call, or what to do instead: abandon the job when it no longer
    ///   holds the order (its lease was lost: another worker has or will have it), or put it back
    ///   unsent when Redis could not be asked.
    @inline(never)
    private func markSent(_ job: ClaimedJob, order: Order) async -> Settlement? {
        do {
            if try await sentMarks.mark(job, orderId: order.orderId) { return nil }
            logger.warning("Lease lost before the call; not sending", metadata: ["orderId": "\(order.orderId)", "jobId": "\(job.jobId)"])
            return .abandon
        } catch {
            logger.warning("Could not mark the order as sent; returning it unsent", metadata: ["orderId": "\(order.orderId)", "error": "\(error)"])
            return .release(maySent: false)
        }
    }

    private func settlement(for outcome: Result<PaymentLink, PayFailure>, order: Order, job: ClaimedJob, appId: String) -> Settlement {
        let failure: PayFailure
        switch outcome {
        case .success(let link):
            if let mismatch = LinkCheck.mismatch(link, order: order, appId: appId) {
                // Never handed on and never retried by itself: another call would make another wrong link.
                logger.error("The API's link does not match the order", metadata: ["orderId": "\(order.orderId)", "problem": "\(mismatch.message)"])
                return .store(ResultBuilder.mismatched(order, link: link, problem: mismatch))
            }
            logger.debug("Payment link created", metadata: ["orderId": "\(order.orderId)", "attempt": "\(job.attempt)"])
            return .store(ResultBuilder.succeeded(order, link: link))
        case .failure(let error):
            failure = error
        }
        let attempt = max(job.attempt, 1)
        if Task.isCancelled, [.transient, .rateLimited, .ambiguous].contains(failure.kind) {
            // Shutdown cut the call short: back to the queue, flagged if the request went out.
            return .release(maySent: failure.kind == .ambiguous)
        }
        switch failure.kind {
        case .credentials, .configuration:
            return .stop(failure)
        case .invalidOrder, .refused:
            return .store(ResultBuilder.failed(order, failure: failure))
        case .ambiguous:
            logger.warning("Outcome unknown; a link may exist", metadata: ["orderId": "\(order.orderId)", "attempt": "\(attempt)", "error": "\(failure)"])
            if configuration.ambiguousPolicy == .park {
                return .store(ResultBuilder.unknown(order, failure: failure))
            }
            if attempt >= configuration.maxAttempts {
                return .store(ResultBuilder.failed(order, failure: failure, note: "attempts used up; a link may exist", mayHaveLink: true))
            }
            return .retry(orderId: order.orderId, failure: failure, unsureNote: "attempt \(attempt): \(failure.code) after sending")
        case .transient:
            if attempt >= configuration.maxAttempts {
                return .store(ResultBuilder.failed(order, failure: failure, note: "attempts used up"))
            }
            return .retry(orderId: order.orderId, failure: failure, unsureNote: nil)
        case .rateLimited:
            // The API's pacing, not the order's fault: Redis refunds the attempt (up to 100
            // times), so `attempt` only passes the limit once the refunds are spent.
            if attempt > configuration.maxAttempts {
                return .store(ResultBuilder.failed(order, failure: failure, note: "rate limited too often"))
            }
            return .retry(orderId: order.orderId, failure: failure, unsureNote: nil)
        }
    }

    /// A permit from the fleet limiter, retrying while Redis is unreachable; nil once cancelled.
    private func acquire(_ limiter: FleetRateLimiter) async -> RatePermit? {
        var delay = Duration.milliseconds(50)
        let started: ContinuousClock.Instant? = metrics == nil ? nil : .now
        while !Task.isCancelled {
            do {
                let permit = try await limiter.acquire()
                if let started { metrics?.rateLimitWait.record(started.duration(to: .now)) }
                return permit
            } catch {
                if Task.isCancelled { return nil }
                logger.warning("Could not reach the rate limiter; waiting \(delay): \(error)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
        return nil
    }

    private func scheduleRetry(_ orderId: String, job: ClaimedJob, failure: PayFailure, unsureNote: String?) async -> Outcome {
        var generator = SystemRandomNumberGenerator()
        let backoff = RetryBackoff(base: configuration.retryBaseDelay, cap: configuration.retryMaxDelay)
        let delay = backoff.delay(afterAttempt: max(job.attempt, 1), retryAfter: failure.retryAfter, using: &generator)
        logger.debug("Retrying later", metadata: ["orderId": "\(orderId)", "error": "\(failure)", "delay": "\(delay)"])
        let outcome = await persist("schedule a retry of", orderId) { [self] () async throws(RedisError) in
            try await queue.retry(
                job, orderId: orderId, after: delay, refundAttempt: failure.kind == .rateLimited || failure.code == EarlierShards.heldCode,
                unsureNote: unsureNote, errorCode: failure.code, errorMessage: "\(failure.kind.rawValue): \(failure.message)")
        }
        switch outcome {
        case .alreadyFinal?:
            logger.info("The order already has a final result; not retrying", metadata: ["orderId": "\(orderId)", "jobId": "\(job.jobId)"])
        case .notHeld?:
            logger.warning("Lease was lost before the retry was scheduled", metadata: ["orderId": "\(orderId)", "jobId": "\(job.jobId)"])
        case .stored?:
            queueMetrics?.count(.retried)
        case .storedWithoutLease?, .secondLink?, .refused?, nil:
            break
        }
        return outcome == nil ? .unsettled : .done
    }
}
