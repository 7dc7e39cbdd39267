import Synchronization

/// Runs async work in a task of its own and waits for it only until a timeout.
///
/// For `/readyz`: a Redis command the client's thread has already taken ignores cancellation
/// and waits out the client's own command timeout (5 s by default), longer than a probe may
/// take. The work then goes on unobserved; its reply is dropped.
enum FirstReply {
    /// - Returns: what `work` returned, or nil when `timeout` passed first.
    static func within<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async -> T) async -> T? {
        await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let once = ResumeOnce(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                once.resume(nil)
            }
            Task {
                once.resume(await work())
                timer.cancel()
            }
        }
    }
}

/// A continuation that the first of two racing tasks resumes. Locking: the mutex guards it.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T?, Never>?>

    init(_ continuation: CheckedContinuation<T?, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: T?) {
        continuation.withLock { taken -> CheckedContinuation<T?, Never>? in
            defer { taken = nil }
            return taken
        }?.resume(returning: value)
    }
}
