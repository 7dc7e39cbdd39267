import Logging

/// The dashboard's changes to Redis: dead retry and purge, unknown resolve, queue pause and
/// resume. Each runs the same `OrderQueue` operation (the same Lua script) as the `paylink`
/// command, so the outcome is the one the CLI gives; each is logged with the user's name.
public final class DashboardActions: Sendable {
    let reader: DashboardReader
    let logger: Logger

    init(reader: DashboardReader, logger: Logger) {
        self.reader = reader
        self.logger = logger
    }
}
