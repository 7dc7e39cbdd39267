public import PaylinkRedis

/// One queue's Redis operations: enqueue, claim, acknowledge, release and recover.
///
/// Every state change is one Lua script from `QueueScripts`, so any number of worker processes
/// can share a queue. Use one `OrderQueue` per queue and process; it is cheap and `Sendable`.
public struct OrderQueue: Sendable {
    public let keys: QueueKeys
    let redis: RedisClient

    public init(keys: QueueKeys, redis: RedisClient) {
        self.keys = keys
        self.redis = redis
    }

    /// Pushes elements as producers do (`LPUSH`), in one round trip per call.
    /// - Returns: the queue's length afterwards.
    @discardableResult
    public func enqueue(_ elements: [[UInt8]]) async throws(RedisError) -> Int {
        guard !elements.isEmpty else { return try await pendingCount() }
        let reply = try await redis.send(RedisCommand("LPUSH", arguments: [keys.pending] + elements))
        return Int(reply.int ?? 0)
    }

    /// Takes up to `max` orders, each under a lease of `lease`.
    public func claim(max: Int, lease: Duration) async throws(RedisError) -> [ClaimedJob] {
        let reply = try await redis.run(
            QueueScripts.claim, keys: [keys.pending, keys.inflight, keys.jobs, keys.jobSequence],
            arguments: [max, lease.milliseconds])
        let flat = reply.array ?? []
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(flat.count / 2)
        var index = 0
        while index + 1 < flat.count {
            if let id = flat[index].string, let element = flat[index + 1].bytes {
                jobs.append(ClaimedJob(jobId: id, element: element))
            }
            index += 2
        }
        return jobs
    }

    /// Stores the result and acknowledges the job in one step.
    /// - Returns: false when the lease had expired (the job was already back in the queue).
    public func acknowledge(_ job: ClaimedJob, with result: OrderResult) async throws(RedisError) -> Bool {
        var arguments: [any RedisArgumentConvertible] = [job.jobId, result.status.rawValue]
        arguments.reserveCapacity(2 + result.fields.count * 2)
        for (name, value) in result.fields {
            arguments.append(name)
            arguments.append(value)
        }
        let reply = try await redis.run(
            QueueScripts.acknowledge,
            keys: [keys.inflight, keys.jobs, keys.result(result.orderId), keys.counts], arguments: arguments)
        return reply.int == 1
    }

    /// Moves an element with no usable orderId to the `rejected` list.
    public func reject(_ job: ClaimedJob, reason: String) async throws(RedisError) {
        _ = try await redis.run(
            QueueScripts.reject, keys: [keys.inflight, keys.jobs, keys.rejected], arguments: [job.jobId, reason])
    }

    /// Puts held jobs back in the queue, to be taken next (graceful shutdown).
    @discardableResult
    public func release(_ jobIds: [String]) async throws(RedisError) -> Int {
        guard !jobIds.isEmpty else { return 0 }
        let reply = try await redis.run(
            QueueScripts.release, keys: [keys.inflight, keys.jobs, keys.pending], arguments: jobIds)
        return Int(reply.int ?? 0)
    }

    /// Extends the leases of held jobs.
    /// - Returns: the IDs whose lease was already gone.
    public func renew(_ jobIds: [String], lease: Duration) async throws(RedisError) -> [String] {
        guard !jobIds.isEmpty else { return [] }
        let reply = try await redis.run(
            QueueScripts.renew, keys: [keys.inflight], arguments: [lease.milliseconds] + jobIds)
        return (reply.array ?? []).compactMap(\.string)
    }

    /// Returns up to `max` jobs whose lease expired to the queue.
    @discardableResult
    public func recoverExpired(max: Int = 1000) async throws(RedisError) -> Int {
        let reply = try await redis.run(
            QueueScripts.recoverExpired, keys: [keys.inflight, keys.jobs, keys.pending], arguments: [max])
        return Int(reply.int ?? 0)
    }
}
