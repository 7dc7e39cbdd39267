import PaylinkRedis
import Synchronization

/// Group commit for one kind of Redis write: items that arrive while a write is in flight go
/// together in the next one, one script call for many.
///
/// When Redis is idle an item is written at once, so light load sees no added latency; under load
/// the batches grow by themselves and Redis runs one script per batch instead of one per order.
/// Every caller still waits for its own reply. Used for acknowledgements and for sent marks.
final class GroupCommit<Item: Sendable, Reply: Sendable>: Sendable {
    /// Writes one batch; returns one reply per item, in order.
    typealias Write = @Sendable ([Item]) async throws(RedisError) -> [Reply]
    private typealias Waiter = CheckedContinuation<Result<Reply, RedisError>, Never>

    private struct State {
        var waiting: [(Item, Waiter)] = []
        var writing = false
    }

    private let maxBatch: Int
    private let write: Write
    private let missingReply: Reply
    private let state = Mutex(State())

    /// - Parameters:
    ///   - maxBatch: keeps one script call short, so other clients of the same Redis are not held up long.
    ///   - missingReply: what a caller gets if a write returns fewer replies than items.
    init(maxBatch: Int, missingReply: Reply, write: @escaping Write) {
        self.maxBatch = maxBatch
        self.missingReply = missingReply
        self.write = write
    }

    /// Writes `item` in a batch with whatever else is waiting.
    func submit(_ item: Item) async throws(RedisError) -> Reply {
        let outcome = await withCheckedContinuation { (waiter: Waiter) in
            let startWriter = state.withLock { state in
                state.waiting.append((item, waiter))
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
            let outcome: Result<[Reply], RedisError>
            do throws(RedisError) {
                outcome = .success(try await write(batch.map(\.0)))
            } catch {
                outcome = .failure(error)
            }
            for (index, (_, waiter)) in batch.enumerated() {
                waiter.resume(returning: outcome.map { index < $0.count ? $0[index] : missingReply })
            }
        }
    }

    /// Up to `maxBatch` waiting items, or nil (and the writer stops) when none wait.
    private func nextBatch() -> [(Item, Waiter)]? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.writing = false
                return nil
            }
            let count = min(maxBatch, state.waiting.count)
            let batch = Array(state.waiting.prefix(count))
            state.waiting.removeFirst(count)
            return batch
        }
    }
}
