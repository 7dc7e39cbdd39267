import Synchronization

/// When a worker's shutdown began, and the two instants that bound it: in-flight orders may
/// finish until `drain`; after that their last settle writes, the spool and the return of
/// leftover jobs share one budget that ends at `final`.
///
/// So a worker stops within `shutdownDeadline + shutdownBudget` of SIGTERM, whatever Redis
/// does; the service manager's stop timeout must be longer than that (the systemd unit's
/// `TimeoutStopSec`, which a test checks against these numbers).
final class ShutdownClock: Sendable {
    struct Deadlines: Sendable {
        /// In-flight orders are cancelled (and returned) after this.
        var drain: ContinuousClock.Instant
        /// Nothing waits for Redis after this: results not yet stored are in the spool.
        var final: ContinuousClock.Instant
    }

    private let drain: Duration
    private let budget: Duration
    private let began = Mutex<Deadlines?>(nil)

    init(drain: Duration, budget: Duration) {
        self.drain = drain
        self.budget = budget
    }

    /// Marks the start of shutdown; only the first call sets the deadlines.
    /// - Returns: the deadlines, counted from the first call.
    @discardableResult
    func begin() -> Deadlines {
        began.withLock { began in
            if let began { return began }
            let now = ContinuousClock.now
            let deadlines = Deadlines(drain: now + drain, final: now + drain + budget)
            began = deadlines
            return deadlines
        }
    }

    /// The deadlines once shutdown has begun; nil before.
    var deadlines: Deadlines? { began.withLock { $0 } }
}
