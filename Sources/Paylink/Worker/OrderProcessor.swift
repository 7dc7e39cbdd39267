import Logging
import PaylinkRedis

/// Takes one claimed job to its result: parse, call the API (retrying only what is safe to
/// retry), then store the result and acknowledge in one step.
struct OrderProcessor: Sendable {
    /// Outcome of processing a job, for the worker loop.
    enum Outcome: Sendable {
        /// The result is stored and the job acknowledged (or rejected).
        case done
        /// The job went back to the queue (shutdown, or a failure that is not the order's).
        case released
        /// The merchant's credentials were refused: the worker must stop; the job went back.
        case credentialsRefused(PayFailure)
        /// Redis could not be written before shutdown: the job is still held, and the worker
        /// returns it to the queue on its way out (or its lease expires).
        case unsettled
    }

    let configuration: WorkerConfiguration
    let queue: OrderQueue
    let api: OTTPayClient
    let logger: Logger

    func process(_ job: ClaimedJob) async -> Outcome {
        switch OrderParser.parse(job.element) {
        case .failure(let rejection):
            guard let orderId = rejection.orderId else {
                logger.warning("Rejected a queue element with no usable orderId", metadata: ["jobId": "\(job.jobId)", "reason": "\(rejection)"])
                let stored = await persist("reject job \(job.jobId)") { () async throws(RedisError) in
                    try await queue.reject(job, reason: rejection.description)
                }
                return stored ? .done : .unsettled
            }
            let result = ResultBuilder.invalid(orderId: orderId, rejection: rejection)
            logger.debug("Order is invalid", metadata: ["orderId": "\(orderId)", "reason": "\(rejection)"])
            return await store(result, for: job)
        case .success(let order):
            return await call(order, job: job)
        }
    }

    private func call(_ order: Order, job: ClaimedJob) async -> Outcome {
        let backoff = RetryBackoff(base: configuration.retryBaseDelay, cap: configuration.retryMaxDelay)
        var generator = SystemRandomNumberGenerator()
        var attempts = 0
        var rateLimitWaits = 0
        while true {
            attempts += 1
            let outcome = await api.createPaymentLink(for: order)
            if Task.isCancelled, case .failure = outcome {
                return await release(job)
            }
            switch outcome {
            case .success(let link):
                logger.debug("Payment link created", metadata: ["orderId": "\(order.orderId)", "attempts": "\(attempts)"])
                return await store(ResultBuilder.succeeded(order, link: link, attempts: attempts), for: job)
            case .failure(let failure):
                switch failure.kind {
                case .credentials:
                    _ = await release(job)
                    return .credentialsRefused(failure)
                case .invalidOrder, .refused:
                    return await store(ResultBuilder.failed(order, failure: failure, attempts: attempts), for: job)
                case .ambiguous:
                    logger.warning("Outcome unknown; a link may exist", metadata: ["orderId": "\(order.orderId)", "error": "\(failure)"])
                    return await store(ResultBuilder.unknown(order, failure: failure, attempts: attempts), for: job)
                case .rateLimited, .transient:
                    // A rate-limit refusal is the API's pacing, not the order's fault: it does not
                    // use up attempts, but is bounded so a stuck API cannot hold an order forever.
                    if failure.kind == .rateLimited, rateLimitWaits < 100 {
                        rateLimitWaits += 1
                        attempts -= 1
                    } else if attempts >= configuration.maxAttempts {
                        return await store(ResultBuilder.failed(order, failure: failure, attempts: attempts), for: job)
                    }
                    let delay = backoff.delay(afterAttempt: max(attempts, 1), retryAfter: failure.retryAfter, using: &generator)
                    logger.debug("Retrying", metadata: ["orderId": "\(order.orderId)", "error": "\(failure)", "delay": "\(delay)"])
                    do {
                        try await Task.sleep(for: delay)
                    } catch {
                        return await release(job)
                    }
                }
            }
        }
    }

    private func store(_ result: OrderResult, for job: ClaimedJob) async -> Outcome {
        let stored = await persist("store the result of \(result.orderId)") { () async throws(RedisError) in
            if try await !queue.acknowledge(job, with: result) {
                logger.warning("Lease was lost before the result was stored", metadata: ["orderId": "\(result.orderId)", "jobId": "\(job.jobId)"])
            }
        }
        if !stored {
            // Last resort so an operator can recover the link by hand; results hold no secrets.
            let fields = result.fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            logger.error("Unstored result", metadata: ["orderId": "\(result.orderId)", "status": "\(result.status.rawValue)", "fields": "\(fields)"])
            return .unsettled
        }
        return .done
    }

    private func release(_ job: ClaimedJob) async -> Outcome {
        let released = await persist("return job \(job.jobId) to the queue") { () async throws(RedisError) in
            _ = try await queue.release([job.jobId])
        }
        return released ? .released : .unsettled
    }

    /// Runs a Redis write until it succeeds: a result the API gave must not be dropped because
    /// Redis blinked. After cancellation (the shutdown deadline) it makes a few last attempts,
    /// then gives up and the job stays held, to be returned by the worker or by lease expiry.
    private func persist(_ what: String, _ write: @escaping @Sendable () async throws(RedisError) -> Void) async -> Bool {
        var delay = Duration.milliseconds(50)
        var attemptsAfterCancellation = 0
        while true {
            do {
                if Task.isCancelled {
                    // A task of its own, because the Redis client refuses cancelled callers and this
                    // write settles a job; it is bounded by the client's command timeout.
                    try await Task { try await write() }.value
                } else {
                    try await write()
                }
                return true
            } catch {
                if Task.isCancelled {
                    attemptsAfterCancellation += 1
                    if attemptsAfterCancellation < 3 { continue }
                    logger.error("Could not \(what) before shutdown: \(error)")
                    return false
                }
                logger.warning("Could not \(what); retrying in \(delay): \(error)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}
