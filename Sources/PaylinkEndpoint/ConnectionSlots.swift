import PaylinkSystem

/// Counts the connections being answered, so a flood of slow clients cannot start unbounded
/// threads: past the limit, new connections are closed at once.
final class ConnectionSlots: @unchecked Sendable {  // `lock` guards `inUse`.
    private let lock = Lock()
    private let limit: Int
    private var inUse = 0

    init(limit: Int) {
        self.limit = limit
    }

    func take() -> Bool {
        lock.withLock {
            guard inUse < limit else { return false }
            inUse += 1
            return true
        }
    }

    func release() {
        lock.withLock { inUse -= 1 }
    }
}
