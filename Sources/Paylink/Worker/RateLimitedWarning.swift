import Logging

/// A warning for a failure that repeats (Redis down for minutes): logged when it starts, then at
/// most once per `interval` with how many were not logged, and one info line when it ends.
/// A value type, owned by the one loop that fails.
struct RateLimitedWarning {
    let interval: Duration
    private var lastLogged: ContinuousClock.Instant?
    private var unlogged = 0

    init(interval: Duration) {
        self.interval = interval
    }

    mutating func failed(_ message: @autoclosure () -> String, logger: Logger) {
        let now = ContinuousClock.now
        if let lastLogged, now - lastLogged < interval {
            unlogged += 1
            return
        }
        let more = unlogged > 0 ? " (\(unlogged) more failures since the last warning)" : ""
        logger.warning("\(message())\(more)")
        lastLogged = now
        unlogged = 0
    }

    mutating func succeeded(_ message: @autoclosure () -> String, logger: Logger) {
        guard lastLogged != nil else { return }
        logger.info("\(message())")
        lastLogged = nil
        unlogged = 0
    }
}
