import Logging

extension Worker {
    /// Renews the leases of held jobs every third of the lease, and returns other workers'
    /// expired jobs to the queue, until cancelled.
    func maintainLeases() async {
        let interval = configuration.lease / 3
        while !Task.isCancelled {
            do {
                let recovered = try await queue.recoverExpired()
                if recovered > 0 {
                    logger.warning("Returned \(recovered) orders with expired leases to the queue")
                }
                // A job acknowledged while this renewal ran is gone from Redis but may still be
                // in `held` for a moment: only jobs still held afterwards count as lost.
                let lost = try await queue.renew(held.all, lease: configuration.lease).filter(held.contains)
                if !lost.isEmpty {
                    logger.warning("Lost the lease on \(lost.count) orders still in progress")
                }
            } catch {
                logger.warning("Could not renew leases: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
