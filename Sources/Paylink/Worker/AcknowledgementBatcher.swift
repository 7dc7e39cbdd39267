import PaylinkRedis
import Synchronization

/// Group commit for acknowledgements: results that finish while a write is in flight are
/// stored together in the next one, one script call for many jobs.
///
/// When Redis is idle a result is written at once, so light load sees no added latency; under
/// load the batches grow by themselves and Redis runs one script per batch instead of one per
/// order. Every caller still waits for its own result to be stored.
final class AcknowledgementBatcher: Sendable {
    typealias Settled = (job: ClaimedJob, result: OrderResult)
    private typealias Waiter = CheckedContinuation<Result<Bool, RedisError>, Never>

    private struct State {
        var waiting: [(Settled, Waiter)] = []
        var writing = false
    }

    /// Keeps one script call short, so other clients of the same Redis are not held up long.
    static let maxBatch = 64

    private let queue: OrderQueue
    private let state = Mutex(State())

    init(queue: OrderQueue) {
        self.queue = queue
    }

    /// Stores `result` and acknowledges `job`, in a batch with whatever else is waiting.
    /// - Returns: false when the lease had expired.
    func acknowledge(_ job: ClaimedJob, with result: OrderResult) async throws(RedisError) -> Bool {
        let outcome = await withCheckedContinuation { (waiter: Waiter) in
            let startWriter = state.withLock { state in
                state.waiting.append(((job, result), waiter))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startWriter {
                // A task of its own: it outlives the caller's cancellation, as a settling write must.
                Task { await self.writeUntilEmpty() }
            }
        }
        return try outcome.get()
    }

    private func writeUntilEmpty() async {
        while let batch = nextBatch() {
            let outcome: Result<[Bool], RedisError>
            do throws(RedisError) {
                outcome = .success(try await queue.acknowledge(batch.map(\.0)))
            } catch {
                outcome = .failure(error)
            }
            for (index, (_, waiter)) in batch.enumerated() {
                waiter.resume(returning: outcome.map { $0[index] })
            }
        }
    }

    /// Up to `maxBatch` waiting results, or nil (and the writer stops) when none wait.
    private func nextBatch() -> [(Settled, Waiter)]? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.writing = false
                return nil
            }
            let count = min(Self.maxBatch, state.waiting.count)
            let batch = Array(state.waiting.prefix(count))
            state.waiting.removeFirst(count)
            return batch
        }
    }
}
