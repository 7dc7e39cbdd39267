import Prometheus
import Logging

/// The worker's housekeeping, shared by every process of a queue: any live worker recovers a
/// dead one's orders, promotes due retries and applies retention, each in a task of its own.
extension Worker {
    /// Batches of each kind one retention run may trim (1,000 entries each); a larger backlog is
    /// worked off run after run, `retentionCatchUpPause` apart, so that it never holds Redis
    /// (shared by the whole fleet, every worker trimming) for long.
    static let retentionRoundsPerRun = 10
    static let retentionBatch = 1000
    static let retentionCatchUpPause = Duration.seconds(5)

    /// Renews the leases of held jobs every third of the lease, then returns other workers'
    /// expired jobs to the queue, until cancelled. Renewal comes first, so that a late turn of
    /// this loop never takes this worker's own jobs for another's.
    func maintainLeases() async {
        let interval = configuration.lease / 3
        // A job acknowledged while a renewal runs is gone from Redis but still in `held` for a
        // moment, so one miss proves nothing: a job counts as lost when two renewals in a row
        // miss it while it is still held.
        var missedOnce: Set<String> = []
        let loop = watchedLoop("leases", every: interval)
        while !Task.isCancelled {
            loop?.beat()
            do {
                let missed = Set(try await queue.renew(held.all, lease: configuration.lease).filter(held.contains))
                let lost = missed.intersection(missedOnce)
                if !lost.isEmpty {
                    logger.warning("Lost the lease on \(lost.count) orders still in progress")
                }
                missedOnce = missed
                let recovered = try await queue.recoverExpired()
                if recovered > 0, let metrics = processor.metrics { metrics.leasesRecovered.increment(by: Int64(recovered)) }
                if recovered > 0 {
                    logger.warning("Returned \(recovered) orders with expired leases to the queue")
                }
            } catch {
                logger.warning("Could not renew leases: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Applies retention every `trimInterval`, until cancelled: a task of its own, so that a
    /// long trim (a lowered limit, a first start against millions of old results) never delays
    /// lease renewal, and a bounded number of batches per run.
    func applyRetention() async {
        let full = Self.retentionRoundsPerRun * Self.retentionBatch
        let loop = watchedLoop("retention", every: configuration.trimInterval)
        while !Task.isCancelled {
            loop?.beat()
            var pause = configuration.trimInterval
            do {
                let removed = try await queue.trim(
                    retention: configuration.retention, batch: Self.retentionBatch, maxRounds: Self.retentionRoundsPerRun)
                if removed.dead + removed.results > 0 {
                    logger.info("Retention removed \(removed.dead) dead entries and \(removed.results) results")
                }
                if removed.dead >= full || removed.results >= full { pause = min(pause, Self.retentionCatchUpPause) }
            } catch {
                logger.warning("Could not apply retention: \(error)")
            }
            try? await Task.sleep(for: pause)
        }
    }

    /// Moves due retries back to the queue every `promoteInterval`, until cancelled.
    func promoteDueRetries() async {
        let loop = watchedLoop("retries", every: configuration.promoteInterval)
        while !Task.isCancelled {
            loop?.beat()
            do {
                try await queue.promoteDueRetries()
            } catch {
                logger.debug("Could not promote due retries: \(error)")
            }
            try? await Task.sleep(for: configuration.promoteInterval)
        }
    }

    /// Stores the results a stopped process left in the spool, before any new order is taken.
    /// - Returns: false when shutdown came first (the spool is kept for the next start).
    func replaySpool() async -> Bool {
        do {
            try await queue.configure(
                eventsMaxLength: configuration.retention.eventsMaxLength, batchRetention: configuration.retention.batchMaxAge)
        } catch {
            logger.warning("Could not write the queue's settings; the scripts use their defaults: \(error)")
        }
        for orphan in spool.orphans() {
            if !orphan.entries.isEmpty {
                logger.warning("Replaying \(orphan.entries.count) spooled results", metadata: ["spool": "\(orphan.path)"])
            }
            processor.metrics?.spoolResults.increment(by: Double(orphan.entries.count))
            for entry in orphan.entries {
                let job = ClaimedJob(jobId: entry.jobId, element: [], attempt: 0)
                var delay = Duration.milliseconds(100)
                while true {
                    do {
                        let outcome = try await queue.acknowledgeReporting([(job, entry.result)])
                        if let metrics = processor.metrics, let first = outcome.first {
                            OrderProcessor.count(first, of: entry.result, in: metrics, processor.queueMetrics)
                            metrics.spoolResults.decrement()
                        }
                        break
                    } catch {
                        // The file stays, and is replayed whole by the next start.
                        if gate.isStopped { return false }
                        logger.warning("Could not store a spooled result; retrying in \(delay): \(error)")
                        try? await Task.sleep(for: delay)
                        delay = min(delay * 2, .seconds(2))
                    }
                }
            }
            if !orphan.rejectedLines.isEmpty {
                logger.error(
                    "\(orphan.rejectedLines.count) spool lines could not be read; kept in \(orphan.path).rejected for an operator",
                    metadata: ["spool": "\(orphan.path)"])
            }
            do {
                try orphan.remove()
            } catch {
                logger.error("Could not delete the replayed spool: \(error)", metadata: ["spool": "\(orphan.path)"])
            }
        }
        return true
    }
}
