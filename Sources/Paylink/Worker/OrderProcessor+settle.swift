import Prometheus
import Logging
import PaylinkRedis

extension OrderProcessor {
    /// Stores a final result and acknowledges the job. When Redis cannot take it before the
    /// process must stop, the result goes to the spool, so a link the API returned is never lost.
    func store(_ result: OrderResult, for job: ClaimedJob) async -> Outcome {
        let outcome = await persist("store the result of", result.orderId) { [self] () async throws(RedisError) in
            try await acknowledgements.acknowledge(job, with: result)
        }
        guard let outcome else { return spool(result, for: job) }
        switch outcome {
        case .notHeld:
            leaseLost(result, job: job)
            recentLinks.record(jobId: job.jobId, result: result)
        case .storedWithoutLease:
            leaseLost(result, job: job)
            recentLinks.record(jobId: job.jobId, result: result)
        case .refused(let reason):
            unstored(result, reason: "Redis refused it: \(reason)")
        case .stored, .secondLink:
            recentLinks.record(jobId: job.jobId, result: result)
        case .alreadyFinal:
            break
        }
        if let metrics { Self.count(outcome, of: result, in: metrics, queueMetrics) }
        return .done
    }

    /// Counts what Redis counted: a stored result under its outcome, a second link as a
    /// duplicate, and every stored `succeeded` result that carries the possible-duplicate flag.
    @inline(never)
    static func count(_ outcome: SettleOutcome, of result: OrderResult, in metrics: WorkerMetrics, _ queueMetrics: QueueMetrics?) {
        switch outcome {
        case .stored(let flagged), .storedWithoutLease(let flagged):
            queueMetrics?.count(OrderOutcome(result))
            if flagged { metrics.possibleDuplicates.increment() }
        case .secondLink:
            queueMetrics?.count(.duplicate)
            metrics.possibleDuplicates.increment()
        case .notHeld, .alreadyFinal, .refused:
            break
        }
    }

    @inline(never)
    private func leaseLost(_ result: OrderResult, job: ClaimedJob) {
        logger.warning("Lease was lost before the result was stored", metadata: ["orderId": "\(result.orderId)", "jobId": "\(job.jobId)"])
    }

    /// Last resort so an operator can recover the link by hand; results hold no secrets.
    @inline(never)
    private func unstored(_ result: OrderResult, reason: String) {
        let fields = result.fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        logger.critical("Unstored result: \(reason)", metadata: ["orderId": "\(result.orderId)", "status": "\(result.status.rawValue)", "fields": "\(fields)"])
    }

    /// Redis could not take the result before the process must stop: the local spool keeps it.
    @inline(never)
    private func spool(_ result: OrderResult, for job: ClaimedJob) -> Outcome {
        do {
            try spool.append(SpooledResult(jobId: job.jobId, result: result))
            metrics?.spoolResults.increment()
            logger.warning("Redis unavailable; result spooled for the next start", metadata: ["orderId": "\(result.orderId)", "spool": "\(spool.directory)"])
            return .done
        } catch {
            unstored(result, reason: "\(error)")
            return .unsettled
        }
    }

    func release(_ job: ClaimedJob, maySent: Bool) async -> Outcome {
        let released = await persist("requeue job", job.jobId) { [self] () async throws(RedisError) in
            _ = try await queue.release([(job.jobId, maySent)])
        }
        return released == nil ? .unsettled : .released
    }

    /// Runs a Redis write until it succeeds: a result the API gave must not be dropped because
    /// Redis blinked. Once shutdown has begun (or the task is cancelled) a write is tried once,
    /// bounded by the shutdown budget, and a failure is final, so that the caller reaches the
    /// spool (or leaves the job to its lease) in time; so is a failure of a closed client.
    /// - Parameters:
    ///   - what: The write, for log lines ("store the result of"), completed by `subject`: kept
    ///     apart so that the line is only built when it is logged.
    /// - Returns: what the write returned, or nil when it gave up.
    func persist<T: Sendable>(
        _ what: StaticString, _ subject: String, _ write: @escaping @Sendable () async throws(RedisError) -> T
    ) async -> T? {
        var delay = Duration.milliseconds(50)
        while true {
            let deadline = lastWriteDeadline()
            do throws(RedisError) {
                if let deadline {
                    return try await BoundedWrite.run(before: deadline, write)
                } else {
                    return try await write()
                }
            } catch {
                if deadline != nil || error.code == .closed || lastWriteDeadline() != nil {
                    writeFailed(what, subject, error, retryIn: nil)
                    return nil
                }
                writeFailed(what, subject, error, retryIn: delay)
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    /// When the last write must be over: the end of the shutdown budget once shutdown has begun,
    /// the budget from now for a task cancelled outside a shutdown, nil while running normally.
    /// Apart from `persist` so that its frame stays small on the usual path.
    @inline(never)
    private func lastWriteDeadline() -> ContinuousClock.Instant? {
        if let deadlines = shutdown.deadlines { return deadlines.final }
        return Task.isCancelled ? .now + configuration.shutdownBudget : nil
    }

    @inline(never)
    private func writeFailed(_ what: StaticString, _ subject: String, _ error: any Error, retryIn delay: Duration?) {
        if let delay {
            logger.warning("Could not \(what) \(subject); retrying in \(delay): \(error)")
        } else {
            logger.error("Could not \(what) \(subject); giving up (shutting down, or Redis closed): \(error)")
        }
    }
}
