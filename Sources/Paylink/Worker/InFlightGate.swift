import PaylinkSystem
import FoundationEssentials

/// Counts the orders a worker has in flight and lets its fetch loop wait for a free slot.
///
/// Only the fetch loop waits, so one waiter is enough. Locking: `lock` guards every field.
final class InFlightGate: @unchecked Sendable {
    private let lock = Lock()
    private let capacity: Int
    private var inFlight = 0
    private var stopped = false
    private var waiter: CheckedContinuation<Int, Never>?

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { lock.withLock { inFlight } }

    /// Suspends until a slot is free; returns how many are free, or 0 once stopped.
    func waitForFreeSlots() async -> Int {
        await withCheckedContinuation { continuation in
            let ready: Int? = lock.withLock {
                if stopped { return 0 }
                if inFlight < capacity { return capacity - inFlight }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func take(_ n: Int) {
        lock.withLock { inFlight += n }
    }

    func release() {
        let resume: (CheckedContinuation<Int, Never>, Int)? = lock.withLock {
            inFlight -= 1
            guard let waiter else { return nil }
            self.waiter = nil
            return (waiter, stopped ? 0 : capacity - inFlight)
        }
        if let (waiter, free) = resume { waiter.resume(returning: free) }
    }

    /// Ends waiting: the fetch loop's current and later waits return 0.
    func stop() {
        let resume: CheckedContinuation<Int, Never>? = lock.withLock {
            stopped = true
            defer { waiter = nil }
            return waiter
        }
        resume?.resume(returning: 0)
    }

    var isStopped: Bool { lock.withLock { stopped } }
}
