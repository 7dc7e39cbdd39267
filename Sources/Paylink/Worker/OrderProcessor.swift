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
    }

    let configuration: WorkerConfiguration
    let queue: OrderQueue
    let acknowledgements: AcknowledgementBatcher
    let merchants: MerchantAccounts
    let spool: ResultSpool
    let logger: Logger

    init(
        configuration: WorkerConfiguration, queue: OrderQueue, acknowledgements: AcknowledgementBatcher,
        merchants: MerchantAccounts, spool: ResultSpool, logger: Logger
    ) {
        self.configuration = configuration
        self.queue = queue
        self.acknowledgements = acknowledgements
        self.merchants = merchants
        self.spool = spool
        self.logger = logger
    }

    func process(_ job: ClaimedJob) async -> Outcome {
        switch OrderParser.parse(job.element) {
        case .failure(let rejection):
            guard let orderId = rejection.orderId else {
                logger.warning("A queue element is not a readable order", metadata: ["jobId": "\(job.jobId)", "reason": "\(rejection)"])
                let stored = await persist("settle unreadable job \(job.jobId)") { [self] () async throws(RedisError) in
                    try await queue.reject(job, reason: rejection.description)
                }
                return stored ? .done : .unsettled
            }
            logger.debug("Order is invalid", metadata: ["orderId": "\(orderId)", "reason": "\(rejection)"])
            return await store(ResultBuilder.invalid(orderId: orderId, rejection: rejection), for: job)
        case .success(let order):
            return await call(order, job: job)
        }
    }

    private func call(_ order: Order, job: ClaimedJob) async -> Outcome {
        guard let account = merchants.account(for: order) else {
            let rejection = OrderRejection(orderId: order.orderId, field: "merchant", rule: "names no configured merchant profile")
            return await store(ResultBuilder.invalid(orderId: order.orderId, rejection: rejection), for: job)
        }
        let api = account.api
        let limiter = account.limiter
        var permit: RatePermit?
        if let limiter {
            // Waiting for the fleet's rate never uses up an attempt: nothing has been sent.
            guard let granted = await acquire(limiter) else { return await release(job, maySent: false) }
            permit = granted
        }
        let outcome = await api.createPaymentLink(for: order)
        if let limiter, let permit {
            await limiter.release(permit)
            if case .failure(let refusal) = outcome,
                refusal.kind == .rateLimited || (refusal.kind == .transient && refusal.retryAfter != nil)
            {
                // The API asked the merchant to slow down: the whole fleet pauses, once per storm
                // (the limiter logs it).
                await limiter.pause(for: refusal.retryAfter, after: permit)
            }
        }
        let failure: PayFailure
        switch outcome {
        case .success(let link):
            logger.debug("Payment link created", metadata: ["orderId": "\(order.orderId)", "attempt": "\(job.attempt)"])
            return await store(ResultBuilder.succeeded(order, link: link), for: job)
        case .failure(let error):
            failure = error
        }
        let attempt = max(job.attempt, 1)
        if Task.isCancelled, [.transient, .rateLimited, .ambiguous].contains(failure.kind) {
            // Shutdown cut the call short: back to the queue, flagged if the request went out.
            return await release(job, maySent: failure.kind == .ambiguous)
        }
        switch failure.kind {
        case .credentials:
            _ = await release(job, maySent: false)
            return .credentialsRefused(failure)
        case .invalidOrder, .refused:
            return await store(ResultBuilder.failed(order, failure: failure), for: job)
        case .ambiguous:
            logger.warning("Outcome unknown; a link may exist", metadata: ["orderId": "\(order.orderId)", "attempt": "\(attempt)", "error": "\(failure)"])
            if configuration.ambiguousPolicy == .park {
                return await store(ResultBuilder.unknown(order, failure: failure), for: job)
            }
            if attempt >= configuration.maxAttempts {
                return await store(ResultBuilder.failed(order, failure: failure, note: "attempts used up; a link may exist"), for: job)
            }
            return await scheduleRetry(order, job: job, failure: failure, unsureNote: "attempt \(attempt): \(failure.code) after sending")
        case .transient:
            if attempt >= configuration.maxAttempts {
                return await store(ResultBuilder.failed(order, failure: failure, note: "attempts used up"), for: job)
            }
            return await scheduleRetry(order, job: job, failure: failure, unsureNote: nil)
        case .rateLimited:
            // The API's pacing, not the order's fault: Redis refunds the attempt (up to 100
            // times), so `attempt` only passes the limit once the refunds are spent.
            if attempt > configuration.maxAttempts {
                return await store(ResultBuilder.failed(order, failure: failure, note: "rate limited too often"), for: job)
            }
            return await scheduleRetry(order, job: job, failure: failure, unsureNote: nil)
        }
    }

    /// A permit from the fleet limiter, retrying while Redis is unreachable; nil once cancelled.
    private func acquire(_ limiter: FleetRateLimiter) async -> RatePermit? {
        var delay = Duration.milliseconds(50)
        while !Task.isCancelled {
            do {
                return try await limiter.acquire()
            } catch {
                if Task.isCancelled { return nil }
                logger.warning("Could not reach the rate limiter; waiting \(delay): \(error)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
        return nil
    }

    private func scheduleRetry(_ order: Order, job: ClaimedJob, failure: PayFailure, unsureNote: String?) async -> Outcome {
        var generator = SystemRandomNumberGenerator()
        let backoff = RetryBackoff(base: configuration.retryBaseDelay, cap: configuration.retryMaxDelay)
        let delay = backoff.delay(afterAttempt: max(job.attempt, 1), retryAfter: failure.retryAfter, using: &generator)
        logger.debug("Retrying later", metadata: ["orderId": "\(order.orderId)", "error": "\(failure)", "delay": "\(delay)"])
        let stored = await persist("schedule a retry of \(order.orderId)") { [self] () async throws(RedisError) in
            try await queue.retry(
                job, orderId: order.orderId, after: delay, refundAttempt: failure.kind == .rateLimited,
                unsureNote: unsureNote, errorCode: failure.code, errorMessage: "\(failure.kind.rawValue): \(failure.message)")
        }
        return stored ? .done : .unsettled
    }
}
