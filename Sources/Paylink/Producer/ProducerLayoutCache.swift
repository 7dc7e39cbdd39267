public import PaylinkRedis
import Synchronization

/// The shard layout an `OrderProducer` pushes by: read from Redis at the first call, then again
/// once a minute, as docs/redis-contract.md asks of producers (a push to a shard that a change
/// of `--shards` retired is forwarded by the workers, not lost, so a minute-old layout is safe).
final class ProducerLayoutCache: Sendable {
    /// How long a read layout is used before it is read again.
    static let lifetime: Duration = .seconds(60)

    struct Layout: Sendable {
        /// The recorded layout; for a queue no sharded paylink has used, one shard, the queue's
        /// own keys, with no earlier layouts.
        let record: ShardLayout
        let shards: QueueShards
    }

    private let store: ShardLayoutStore
    private let state = Mutex<(layout: Layout, readAt: ContinuousClock.Instant)?>(nil)

    init(store: ShardLayoutStore) {
        self.store = store
    }

    /// The layout to use now, read from Redis when the last read is older than ``lifetime``.
    /// - Throws: a Redis error, or `.protocolError` when the recorded layout is malformed (it
    ///   names the key): nothing is pushed by a layout that cannot be read.
    func current() async throws(RedisError) -> Layout {
        let now = ContinuousClock.now
        if let cached = state.withLock({ $0 }), now - cached.readAt < Self.lifetime { return cached.layout }
        let layout = try await read()
        state.withLock { $0 = (layout, now) }
        return layout
    }

    private func read() async throws(RedisError) -> Layout {
        do {
            let record = try await store.layoutForReading(count: 1)
            return Layout(record: record, shards: try record.shards())
        } catch let error as RedisError {
            throw error
        } catch {
            throw RedisError(
                code: .protocolError, command: "HGETALL",
                message: "the shard layout in \(store.base.shardLayout) cannot be used: \(error)")
        }
    }
}
