import PaylinkRedis
import Synchronization

/// Group commit for acknowledgements: results that finish while a write is in flight are stored
/// together in the next one, one `acknowledge` script call for up to `maxBatch` jobs.
final class AcknowledgementBatcher: Sendable {
    /// Keeps one script call short, so other clients of the same Redis are not held up long.
    static let maxBatch = 64

    private let commit: GroupCommit<(job: ClaimedJob, result: OrderResult), SettleOutcome>
    /// Final results this batcher stored, for the process's heartbeat (`ordersDone`).
    private let stored = Atomic<Int>(0)

    var storedCount: Int { stored.load(ordering: .relaxed) }

    init(queue: OrderQueue) {
        commit = GroupCommit(maxBatch: Self.maxBatch, missingReply: .refused("no reply for this job")) {
            (settled: [(job: ClaimedJob, result: OrderResult)]) async throws(RedisError) -> [SettleOutcome] in
            try await queue.acknowledgeReporting(settled)
        }
    }

    /// Stores `result` and acknowledges `job`, in a batch with whatever else is waiting.
    /// - Returns: what Redis did with the job.
    func acknowledge(_ job: ClaimedJob, with result: OrderResult) async throws(RedisError) -> SettleOutcome {
        let outcome = try await commit.submit((job, result))
        if case .stored = outcome { stored.add(1, ordering: .relaxed) }
        return outcome
    }
}
