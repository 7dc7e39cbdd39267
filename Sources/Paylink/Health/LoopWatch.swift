import Synchronization

/// Tells whether the worker's own loops are still turning, for `/livez`.
///
/// Each loop beats once per turn. A loop is stuck when it has not beaten for its limit (three
/// of its intervals, at least 30 s): longer than any Redis or API timeout makes a turn take, so
/// an outage never looks stuck; waits that may rightly last long (all slots busy during a fleet
/// pause) are marked with `waiting`, and do not count.
public final class LoopWatch: Sendable {
    public final class Loop: Sendable {
        public let name: String
        let limit: Duration
        /// Monotonic nanoseconds of the last beat; `Int64.max` while in a marked wait.
        private let lastBeat: Atomic<Int64>

        init(name: String, limit: Duration) {
            self.name = name
            self.limit = limit
            lastBeat = Atomic(MonotonicTime.nanoseconds())
        }

        public func beat() {
            lastBeat.store(MonotonicTime.nanoseconds(), ordering: .relaxed)
        }

        /// Runs a wait that may rightly last long; the loop beats when it ends.
        public func waiting<T>(_ body: () async -> T) async -> T {
            lastBeat.store(.max, ordering: .relaxed)
            let value = await body()
            beat()
            return value
        }

        /// How long since the last beat; zero while in a marked wait.
        func silence(now: Int64) -> Duration {
            let last = lastBeat.load(ordering: .relaxed)
            guard last != .max, now > last else { return .zero }
            return .nanoseconds(now - last)
        }
    }

    private let loops = Mutex<[Loop]>([])

    public init() {}

    /// Adds a loop that turns about every `interval`.
    public func register(_ name: String, every interval: Duration) -> Loop {
        let loop = Loop(name: name, limit: max(.seconds(30), interval * 3))
        loops.withLock { $0.append(loop) }
        return loop
    }

    /// The loops silent past their limit, with how long, e.g. `claim (silent 41s)`.
    public func stuckLoops() -> [String] {
        let now = MonotonicTime.nanoseconds()
        return loops.withLock { loops in
            loops.compactMap { loop in
                let silence = loop.silence(now: now)
                return silence > loop.limit ? "\(loop.name) (silent \(silence.components.seconds)s)" : nil
            }
        }
    }
}
