import Logging

extension Worker {
    /// Renews the leases of held jobs every third of the lease, and returns other workers'
    /// expired jobs to the queue, until cancelled.
    func maintainLeases() async {
        let interval = configuration.lease / 3
        // A job acknowledged while a renewal runs is gone from Redis but still in `held` for a
        // moment, so one miss proves nothing: a job counts as lost when two renewals in a row
        // miss it while it is still held.
        var missedOnce: Set<String> = []
        while !Task.isCancelled {
            do {
                let recovered = try await queue.recoverExpired()
                if recovered > 0 {
                    logger.warning("Returned \(recovered) orders with expired leases to the queue")
                }
                let missed = Set(try await queue.renew(held.all, lease: configuration.lease).filter(held.contains))
                let lost = missed.intersection(missedOnce)
                if !lost.isEmpty {
                    logger.warning("Lost the lease on \(lost.count) orders still in progress")
                }
                missedOnce = missed
            } catch {
                logger.warning("Could not renew leases: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
