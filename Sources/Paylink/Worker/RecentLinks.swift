import Synchronization

/// The links this worker stored in Redis in the last few seconds, kept so that they can be stored
/// again when Redis turns out to have lost them: a restart from an `appendfsync everysec` AOF or a
/// failover drops up to a second or so of acknowledged writes, and an order whose claim, call and
/// result all fell in that second is back in the queue with no trace of its call. Sent again, it
/// would get a second link nobody knows of. Stored again before that, the claim answers it as a
/// duplicate; stored again after, the second link is flagged next to the first.
///
/// Bounded in time (`window`) and count (`capacity`; about 3.4 KB of resident memory each with a
/// typical `payInfo`, measured).
/// Locking: the mutex guards the entries.
final class RecentLinks: Sendable {
    struct Entry: Sendable {
        var jobId: String
        var result: OrderResult
        var storedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [Entry] = []
        /// Entries before this index are expired: dropped in bulk, not one at a time.
        var head = 0
    }

    let window: Duration
    let capacity: Int
    private let state = Mutex(State())

    init(window: Duration, capacity: Int) {
        self.window = window
        self.capacity = capacity
    }

    /// Keeps a `succeeded` result Redis has just taken.
    func record(jobId: String, result: OrderResult) {
        guard capacity > 0, result.status == .succeeded else { return }
        let now = ContinuousClock.now
        state.withLock { state in
            state.entries.append(Entry(jobId: jobId, result: result, storedAt: now))
            let cutoff = now - window
            while state.head < state.entries.count,
                state.entries.count - state.head > capacity || state.entries[state.head].storedAt < cutoff
            {
                state.head += 1
            }
            if state.head > 1024 && state.head * 2 > state.entries.count {
                state.entries.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// The links stored within `window`, oldest first.
    func recent() -> [Entry] {
        let cutoff = ContinuousClock.now - window
        return state.withLock { state in
            state.entries[state.head...].filter { $0.storedAt >= cutoff }
        }
    }
}
