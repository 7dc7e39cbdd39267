/// One caller's unit of work: a single command or a whole pipeline, and the continuation to resume.
///
/// Its mutable state is guarded by the lock of the ``RedisRequestQueue`` it is enqueued in; once
/// the client's thread has taken it (``State/taken``), that thread alone completes it.
final class RedisRequest: @unchecked Sendable {
    enum State {
        /// Created; the continuation is not stored yet.
        case created
        /// Waiting in the queue; cancellation may still complete it.
        case queued
        /// Completed before it was taken (cancelled, expired or closed).
        case finished
        /// Owned by the client's thread, which will write it and complete it.
        case taken
    }

    typealias Continuation = CheckedContinuation<Result<[RedisValue], RedisError>, Never>

    let commands: [RedisCommand]
    /// Whether the caller asked for a pipeline, whose errors name `PIPELINE`.
    let isPipeline: Bool
    /// How long the command may block in the server (`BLPOP`, `BLMOVE`), if it is a blocking one.
    let blockingTimeout: Duration?
    /// When a request still waiting for a connection gives up.
    let deadline: ContinuousClock.Instant

    /// The name used in errors; computed only when one is reported.
    var label: String {
        isPipeline ? "PIPELINE" : commands.first?.name ?? "PIPELINE"
    }

    // Guarded by the queue's lock until taken.
    var state = State.created
    var continuation: Continuation?

    init(commands: [RedisCommand], isPipeline: Bool, blockingTimeout: Duration?, deadline: ContinuousClock.Instant) {
        self.commands = commands
        self.isPipeline = isPipeline
        self.blockingTimeout = blockingTimeout
        self.deadline = deadline
    }

    /// Completes a taken request; only the client's thread calls this.
    func complete(_ result: Result<[RedisValue], RedisError>) {
        let continuation = self.continuation
        self.continuation = nil
        continuation?.resume(returning: result)
    }
}
