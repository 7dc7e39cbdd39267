import PaylinkRedis

/// Group commit for the `markSent` fence that precedes every API call: calls about to start at
/// the same moment are marked in one script call.
final class SentMarks: Sendable {
    private let commit: GroupCommit<(jobId: String, orderId: String), Bool>

    init(queue: OrderQueue) {
        commit = GroupCommit(maxBatch: AcknowledgementBatcher.maxBatch, missingReply: false) {
            (jobs: [(jobId: String, orderId: String)]) async throws(RedisError) -> [Bool] in
            try await queue.markSent(jobs)
        }
    }

    /// Marks the job's order as sent.
    /// - Returns: whether to make the call: false when the job no longer holds the order.
    func mark(_ job: ClaimedJob, orderId: String) async throws(RedisError) -> Bool {
        try await commit.submit((job.jobId, orderId))
    }
}
