import Synchronization

/// The links this worker stored in Redis in the last few seconds, kept so that they can be stored
/// again when Redis turns out to have lost them: a restart from an `appendfsync everysec` AOF or a
/// failover drops up to a second or so of acknowledged writes, and an order whose claim, call and
/// result all fell in that second is back in the queue with no trace of its call. Sent again, it
/// would get a second link nobody knows of. Stored again before that, the claim answers it as a
/// duplicate; stored again after, the second link is flagged next to the first.
///
/// Bounded in time (`window`) and count (`capacity`; about 3.4 KB of resident memory each with a
/// typical `payInfo`, measured). The window counts back from the last store before a quiet spell
/// longer than itself, until a window after the spell: a Redis outage is such a spell (nothing
/// can be stored), so after a failover that took longer than the window (sentinels' detection
/// and promotion: several seconds, up to `down-after-milliseconds`) the links stored just before
/// the crash, the ones its loss can take, are still here when the worker meets the new master.
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
        /// When the newest entry was stored.
        var lastStoredAt: ContinuousClock.Instant?
        /// The last quiet spell longer than the window: from the store before it to the one after.
        var quiet: (start: ContinuousClock.Instant, end: ContinuousClock.Instant)?

        /// The oldest store that still counts at `now`.
        func cutoff(now: ContinuousClock.Instant, window: Duration) -> ContinuousClock.Instant {
            var spellStart: ContinuousClock.Instant?
            if let lastStoredAt, now - lastStoredAt > window {
                spellStart = lastStoredAt  // A quiet spell now: Redis may be away.
            } else if let quiet, now - quiet.end <= window {
                spellStart = quiet.start  // One that just ended: the worker may not have looked yet.
            }
            return min(now - window, (spellStart ?? now) - window)
        }
    }

    let window: Duration
    let capacity: Int
    private let state = Mutex(State())

    init(window: Duration, capacity: Int) {
        self.window = window
        self.capacity = capacity
    }

    /// Keeps a `succeeded` result Redis has just taken.
    func record(jobId: String, result: OrderResult, at now: ContinuousClock.Instant = .now) {
        guard capacity > 0, result.status == .succeeded else { return }
        state.withLock { state in
            if let last = state.lastStoredAt, now - last > window { state.quiet = (last, now) }
            state.lastStoredAt = now
            state.entries.append(Entry(jobId: jobId, result: result, storedAt: now))
            let cutoff = state.cutoff(now: now, window: window)
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

    /// The links stored within `window` (of storing: see the type's comment), oldest first.
    func recent(at now: ContinuousClock.Instant = .now) -> [Entry] {
        state.withLock { state in
            let cutoff = state.cutoff(now: now, window: window)
            return state.entries[state.head...].filter { $0.storedAt >= cutoff }
        }
    }
}
