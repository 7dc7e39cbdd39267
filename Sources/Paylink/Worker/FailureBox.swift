import PaylinkSystem
import FoundationEssentials

/// The first fatal failure a worker task reported (refused credentials, a client closed for
/// good): the worker stops and throws it. Locking: `lock` guards `stored`.
final class FailureBox: @unchecked Sendable {
    private let lock = Lock()
    private var stored: (any Error)?

    func set(_ failure: any Error) {
        lock.withLock { if stored == nil { stored = failure } }
    }

    var value: (any Error)? { lock.withLock { stored } }
}
