import PaylinkRedis
import Synchronization

/// Runs a Redis write in a task of its own and waits for it only until a deadline.
///
/// For the shutdown path: the write settles a job, so it must not be cut short by the caller's
/// cancellation (the Redis client refuses cancelled callers), but the caller must not wait past
/// the shutdown budget either. A write still running at the deadline goes on unobserved; the
/// caller then treats it as failed, which is safe because every settle write is fenced or
/// idempotent, and the spool replay stores nothing twice.
enum BoundedWrite {
    /// - Returns: what `write` returned.
    /// - Throws: the write's error, or `.timedOut` (the write may still run) at the deadline.
    static func run<T: Sendable>(
        before deadline: ContinuousClock.Instant, _ write: @escaping @Sendable () async throws(RedisError) -> T
    ) async throws(RedisError) -> T {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, RedisError>, Never>) in
            let once = ResumeOnce(continuation)
            let timer = Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                once.resume(.failure(RedisError(code: .timedOut, message: "no reply before the shutdown budget ran out")))
            }
            Task {
                let result: Result<T, RedisError>
                do throws(RedisError) {
                    result = .success(try await write())
                } catch {
                    result = .failure(error)
                }
                once.resume(result)
                timer.cancel()
            }
        }
        return try outcome.get()
    }
}

/// A continuation that the first of two racing tasks resumes. Locking: the mutex guards it.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Result<T, RedisError>, Never>?>

    init(_ continuation: CheckedContinuation<Result<T, RedisError>, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ result: Result<T, RedisError>) {
        continuation.withLock { taken -> CheckedContinuation<Result<T, RedisError>, Never>? in
            defer { taken = nil }
            return taken
        }?.resume(returning: result)
    }
}
