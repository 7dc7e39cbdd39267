public import PaylinkRedis

/// Pausing and resuming a queue for the whole fleet (`paylink queue pause|resume`).
extension OrderQueue {
    /// Stops every worker of the fleet from claiming from this queue until `resume()`; orders in
    /// flight finish. The pause is a hash in Redis, so it outlasts worker restarts.
    /// - Parameters:
    ///   - reason: shown by `paylink status` and logged by the workers.
    ///   - by: who paused it (`user@host`).
    /// - Returns: true when the queue was not paused before (else the reason is replaced).
    @discardableResult
    public func pause(reason: String, by: String) async throws(RedisError) -> Bool {
        try await redis.run(QueueScripts.pause, keys: keys, arguments: [reason, by]).int == 1
    }

    /// Lets workers claim from this queue again (within about a second).
    /// - Returns: the pause that was ended, or nil when the queue was not paused.
    @discardableResult
    public func resume() async throws(RedisError) -> QueuePause? {
        let replies = try await redis.checkedPipeline([RedisCommand("HGETALL", keys.paused), RedisCommand("DEL", keys.paused)])
        return QueuePause(fields: Self.pairs(replies[0]))
    }

    /// The queue's pause, or nil when it is not paused.
    public func pauseState() async throws(RedisError) -> QueuePause? {
        QueuePause(fields: Self.pairs(try await redis.send(RedisCommand("HGETALL", keys.paused))))
    }
}
