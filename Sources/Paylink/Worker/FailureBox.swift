import PaylinkSystem
import FoundationEssentials

/// The first fatal failure a worker task reported. Locking: `lock` guards `stored`.
final class FailureBox: @unchecked Sendable {
    private let lock = Lock()
    private var stored: PayFailure?

    func set(_ failure: PayFailure) {
        lock.withLock { if stored == nil { stored = failure } }
    }

    var value: PayFailure? { lock.withLock { stored } }
}
