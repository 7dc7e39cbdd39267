import Logging

/// What the worker does while an operator has paused its queue (`paylink queue pause`): it
/// claims nothing, lets its orders in flight finish, and asks again every `idleWait`.
extension Worker {
    /// Logs the start of a pause and its end, once each, with the operator's reason.
    /// - Parameters:
    ///   - reason: the claim's pause reason (nil: the queue is not paused).
    ///   - was: the reason of the pause the worker saw last; updated.
    func notePause(_ reason: String?, was: inout String?) {
        guard reason != was else { return }
        let queue = configuration.keys.queue
        if let reason {
            if was == nil {
                logger.info("Queue paused by an operator; taking no new orders until it is resumed", metadata: ["queue": "\(queue)", "reason": "\(reason)"])
            }
        } else if let earlier = was {
            logger.info("Queue resumed; taking orders again", metadata: ["queue": "\(queue)", "reason": "\(earlier)"])
        }
        was = reason
    }

    /// Waits `idleWait` (1 s by default) before the next claim, ending early on shutdown: a
    /// paused queue has nothing for `BLMOVE` to wait on that would show the pause ending.
    func waitWhilePaused() async {
        let end = ContinuousClock.now + configuration.idleWait
        while ContinuousClock.now < end, !gate.isStopped {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
