import PaylinkSystem
import FoundationEssentials

/// A line that lets one task at a time through, in arrival order: within one process, callers
/// of ``FleetRateLimiter/acquire()`` reach Redis one after another, so none is overtaken and
/// only the head asks Redis again while the in-flight cap is full.
///
/// Locking: `lock` guards every field.
final class FIFOGate: @unchecked Sendable {
    private let lock = Lock()
    private var occupied = false
    private var nextTicket: UInt64 = 0
    private var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []

    /// Waits for this task's turn; the caller must ``leave()`` afterwards.
    /// - Throws: `CancellationError` when the task is cancelled while in line.
    func enter() async throws {
        let ticket = lock.withLock {
            nextTicket += 1
            return nextTicket
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Checked under the lock: a cancellation handler that ran before we joined the line
                // found nothing to remove, and `Task.isCancelled` is already true by then.
                let outcome: Result<Void, any Error>? = lock.withLock {
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if !occupied {
                        occupied = true
                        return .success(())
                    }
                    waiters.append((ticket, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let removed: CheckedContinuation<Void, any Error>? = lock.withLock {
                guard let index = waiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return waiters.remove(at: index).continuation
            }
            removed?.resume(throwing: CancellationError())
        }
    }

    /// Lets the next task in line through (it now holds the turn), or frees the gate.
    func leave() {
        let next: CheckedContinuation<Void, any Error>? = lock.withLock {
            guard !waiters.isEmpty else {
                occupied = false
                return nil
            }
            return waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
