import PaylinkRedis

extension BulkEnqueue {
    /// Registers the batch (when given), then pushes every element of the plan, checking every
    /// reply: it stops at the first push Redis refuses (`-OOM`, `-READONLY`, `-NOPERM`, ...) or
    /// cannot answer, and reports exactly what went in.
    /// - Parameter progress: called with the number pushed so far after each round trip.
    /// - Throws: a ``PushFailure`` saying how many orders went in and the line of the first that
    ///   did not.
    public func push(_ plan: Plan, batchId: String?, progress: (Int) -> Void = { _ in }) async throws(PushFailure) {
        if let batchId { try await register(plan, batchId: batchId) }
        // Several chunks per round trip, pipelined in file order so the queue stays FIFO.
        let window = 8
        var pushed = 0
        var start = 0
        while start < plan.elements.count {
            let end = min(start + chunkSize * window, plan.elements.count)
            let starts = Array(stride(from: start, to: end, by: chunkSize))
            let chunks = starts.map { Array(plan.elements[$0..<min($0 + chunkSize, end)]) }
            do throws(RedisError) {
                try await queue.enqueue(chunks: chunks)
            } catch {
                throw Self.failure(error, plan: plan, starts: starts, chunks: chunks, pushedBefore: pushed, end: end)
            }
            pushed = end
            progress(end)
            start = end
        }
    }

    /// Registers every orderId before any is pushed; the calls run concurrently.
    private func register(_ plan: Plan, batchId: String) async throws(PushFailure) {
        let ids = plan.orderIds
        let step = 5000
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for start in stride(from: 0, to: ids.count, by: step) {
                    group.addTask {
                        do throws(RedisError) {
                            try await queue.registerBatch(batchId, orderIds: Array(ids[start..<min(start + step, ids.count)]))
                        } catch {
                            throw PushFailure(stage: .registration, pushed: 0, firstLine: plan.lines[start], cause: error)
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch let failure as PushFailure {
            throw failure
        } catch {
            throw PushFailure(
                stage: .registration, pushed: 0, firstLine: plan.lines.first,
                cause: RedisError(code: .cancelled, message: "\(error)"))
        }
    }

    /// What went in when the round trip of `chunks` (starting at the plan's indices `starts`) failed.
    private static func failure(
        _ error: RedisError, plan: Plan, starts: [Int], chunks: [[[UInt8]]], pushedBefore: Int, end: Int
    ) -> PushFailure {
        guard let firstRefused = error.refusedCommands.first else {
            // No reply for the round trip: if it was written, any of its chunks may be in.
            let uncertain = error.mayHaveExecuted ? end - pushedBefore : 0
            return PushFailure(
                stage: .push, pushed: pushedBefore, uncertain: uncertain, firstLine: plan.lines[pushedBefore], cause: error)
        }
        let refused = Set(error.refusedCommands)
        var pushed = pushedBefore
        var pushedAfter = 0
        for (index, chunk) in chunks.enumerated() where !refused.contains(index) {
            pushed += chunk.count
            if index > firstRefused { pushedAfter += chunk.count }
        }
        return PushFailure(
            stage: .push, pushed: pushed, pushedAfterFirstRefusal: pushedAfter, firstLine: plan.lines[starts[firstRefused]],
            cause: error)
    }
}
