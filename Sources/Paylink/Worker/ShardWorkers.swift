public import ServiceLifecycle

/// The workers of one process (one per shard) as one service, so that a shutdown reaches them
/// all at once: as separate services they would be stopped one after another, each waiting out
/// its own drain, and a process with several shards would overrun its stop timeout.
public struct ShardWorkers: Service {
    public let workers: [Worker]

    public init(workers: [Worker]) {
        self.workers = workers
    }

    /// Runs every worker until all have stopped; the first failure is thrown once the others have
    /// stopped too (each sees the graceful shutdown, which reaches child tasks).
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers {
                group.addTask { try await worker.run() }
            }
            var failure: (any Error)?
            while let next = await group.nextResult() {
                if case .failure(let error) = next, failure == nil {
                    failure = error
                    // One worker cannot go on (credentials refused, a client closed): stop the rest.
                    for worker in workers { worker.stop(because: error) }
                }
            }
            if let failure { throw failure }
        }
    }
}
