public import PaylinkRedis

/// One queue's Redis operations: enqueue, claim, settle, retry and recover.
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

    /// Pushes several chunks in one round trip, in order (one `LPUSH` each, pipelined), and checks
    /// every reply: a chunk goes in whole or not at all.
    /// - Throws: `.commandFailed` when Redis refused a push (`-OOM`, `-READONLY`, `-NOPERM`, ...),
    ///   with ``RedisError/refusedCommands`` the indices in `chunks` of every refused chunk (the
    ///   other chunks went in: Redis runs the rest of a pipeline after a refusal); a connection
    ///   error otherwise (``RedisError/mayHaveExecuted`` says whether some chunks may be in).
    public func enqueue(chunks: [[[UInt8]]]) async throws(RedisError) {
        let sent = chunks.indices.filter { !chunks[$0].isEmpty }
        let commands = sent.map { RedisCommand("LPUSH", arguments: [keys.pending] + chunks[$0]) }
        do throws(RedisError) {
            _ = try await redis.checkedPipeline(commands)
        } catch {
            var refusal = error
            refusal.refusedCommands = error.refusedCommands.map { sent[$0] }
            throw refusal
        }
    }

    /// Takes up to `max` orders, each under a lease of `lease`, marking each `sending`. Orders
    /// that already have a link, or are held by a live job, are answered as duplicates instead.
    /// - Parameters:
    ///   - worker: recorded on the results while sending (`host:pid`), for operators.
    ///   - policy: what to do with an order whose earlier call may have gone out.
    ///   - maxRecoveries: how often an order may be found held by a vanished job (its worker
    ///     died) before it goes to the dead list instead of being taken again.
    public func claim(
        max: Int, lease: Duration, worker: String, policy: AmbiguousPolicy, maxRecoveries: Int = 5
    ) async throws(RedisError) -> [ClaimedJob] {
        try await claimBatch(max: max, lease: lease, worker: worker, policy: policy, maxRecoveries: maxRecoveries).jobs
    }

    /// `claim`, with the job counter as the claim found it; takes nothing while the queue is paused.
    public func claimBatch(
        max: Int, lease: Duration, worker: String, policy: AmbiguousPolicy, maxRecoveries: Int = 5
    ) async throws(RedisError) -> ClaimBatch {
        let reply = try await redis.run(
            QueueScripts.claim, keys: keys,
            arguments: [max, lease.milliseconds, worker, policy.rawValue, Self.claimNonce(), maxRecoveries])
        let flat = reply.array ?? []
        if flat.first?.string == "paused" {
            return ClaimBatch(jobs: [], sequenceBefore: nil, pausedReason: flat.count > 1 ? flat[1].string ?? "" : "")
        }
        guard let counter = flat.first?.int else { return ClaimBatch(jobs: [], sequenceBefore: nil) }
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(flat.count / 3)
        var index = 1
        while index + 2 < flat.count {
            if let id = flat[index].string, let element = flat[index + 1].bytes {
                jobs.append(ClaimedJob(jobId: id, element: element, attempt: Int(clamping: flat[index + 2].int ?? 0)))
            }
            index += 3
        }
        return ClaimBatch(jobs: jobs, sequenceBefore: counter)
    }

    /// 48 random bits in hex, the part of a claim's job IDs that keeps them unique when Redis
    /// loses the job counter's recent writes (a restart from an `everysec` AOF, a promoted replica).
    static func claimNonce() -> String {
        let bits = UInt64.random(in: 0..<(1 << 48))
        let hex = String(bits, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }

    /// Marks jobs as sent just before their API calls: the fence at the last moment.
    /// - Parameter jobs: job IDs with their orders' IDs.
    /// - Returns: per job, in order, whether to make the call (false: the lease is gone).
    public func markSent(_ jobs: [(jobId: String, orderId: String)]) async throws(RedisError) -> [Bool] {
        guard !jobs.isEmpty else { return [] }
        let flags = try await redis.run(QueueScripts.markSent, keys: keys, items: jobs, arguments: jobs.map(\.jobId)).array ?? []
        return jobs.indices.map { $0 < flags.count && flags[$0].int == 1 }
    }

    /// Stores the final result and acknowledges the job in one step.
    /// - Returns: false when the lease had expired (the job was already back in the queue).
    public func acknowledge(_ job: ClaimedJob, with result: OrderResult) async throws(RedisError) -> Bool {
        try await acknowledge([(job, result)]).first ?? false
    }

    /// Stores the final results and acknowledges their jobs, all in one step and one round trip.
    /// - Returns: per job, in order, false when it was not stored and acknowledged.
    public func acknowledge(_ settled: [(job: ClaimedJob, result: OrderResult)]) async throws(RedisError) -> [Bool] {
        try await acknowledgeReporting(settled).map {
            switch $0 {
            case .stored, .secondLink(held: true): true
            default: false
            }
        }
    }

    /// Stores the final results and acknowledges their jobs, all in one step and one round trip.
    /// - Returns: per job, in order, what Redis did with it.
    public func acknowledgeReporting(_ settled: [(job: ClaimedJob, result: OrderResult)]) async throws(RedisError) -> [SettleOutcome] {
        guard !settled.isEmpty else { return [] }
        var argumentCount = 0
        var byteCount = 0
        for (job, result) in settled {
            argumentCount += 5 + result.fields.count * 2
            byteCount += job.jobId.utf8.count + result.orderId.utf8.count + 16
            for (name, value) in result.fields { byteCount += name.utf8.count + value.utf8.count }
        }
        let reply = try await redis.run(
            QueueScripts.acknowledge, keys: keys, items: settled, argumentCount: argumentCount, byteCount: byteCount
        ) { encoder in
            for (job, result) in settled {
                job.jobId.encodeRedisArgument(into: &encoder)
                result.status.rawValue.encodeRedisArgument(into: &encoder)
                result.orderId.encodeRedisArgument(into: &encoder)
                (result.batchIsKnown ? "1" : "0").encodeRedisArgument(into: &encoder)
                (result.fields.count * 2).encodeRedisArgument(into: &encoder)
                for (name, value) in result.fields {
                    name.encodeRedisArgument(into: &encoder)
                    value.encodeRedisArgument(into: &encoder)
                }
            }
        }
        let replies = reply.array ?? []
        return settled.indices.map { $0 < replies.count ? SettleOutcome(reply: replies[$0]) : .refused("no reply for this job") }
    }

    /// Moves a held job to the retry set, due after `delay`.
    /// - Parameters:
    ///   - refundAttempt: true for a rate-limit refusal, which does not use up an attempt.
    ///   - unsureNote: set when the attempt may have created a link, saying what happened.
    /// - Returns: `.stored` when scheduled, `.alreadyFinal` when the order had a final result
    ///   (the job is ended, nothing overwritten), `.notHeld` when the job was no longer held.
    @discardableResult
    public func retry(
        _ job: ClaimedJob, orderId: String, after delay: Duration, refundAttempt: Bool, unsureNote: String?,
        errorCode: String, errorMessage: String
    ) async throws(RedisError) -> SettleOutcome {
        let reply = try await redis.run(
            QueueScripts.retry, keys: keys, items: [orderId],
            arguments: [job.jobId, max(delay.milliseconds, 0), refundAttempt ? "1" : "0", unsureNote ?? "", errorCode, errorMessage])
        return SettleOutcome(reply: reply)
    }

    /// Settles an element that is not a readable order: an `invalid` result when Redis can still
    /// read an orderId from it, else a dead entry with the raw element and `reason`.
    public func reject(_ job: ClaimedJob, reason: String) async throws(RedisError) {
        _ = try await redis.run(
            QueueScripts.reject, keys: keys, arguments: [job.jobId, reason])
    }

    /// Puts held jobs back in the queue, to be taken next.
    /// - Parameter jobs: job IDs, each with whether its call may have been sent.
    @discardableResult
    public func release(_ jobs: [(jobId: String, maySent: Bool)]) async throws(RedisError) -> Int {
        guard !jobs.isEmpty else { return 0 }
        var arguments: [String] = []
        arguments.reserveCapacity(jobs.count * 2)
        for job in jobs {
            arguments.append(job.jobId)
            arguments.append(job.maySent ? "1" : "0")
        }
        let reply = try await redis.run(QueueScripts.release, keys: keys, arguments: arguments)
        return Int(reply.int ?? 0)
    }

    /// Extends the leases of held jobs.
    /// - Returns: the IDs whose lease was already gone.
    public func renew(_ jobIds: [String], lease: Duration) async throws(RedisError) -> [String] {
        guard !jobIds.isEmpty else { return [] }
        let reply = try await redis.run(
            QueueScripts.renew, keys: keys, arguments: [lease.milliseconds] + jobIds)
        return (reply.array ?? []).compactMap(\.string)
    }

    /// Returns up to `max` jobs whose lease expired to the queue.
    @discardableResult
    public func recoverExpired(max: Int = 1000) async throws(RedisError) -> Int {
        let reply = try await redis.run(
            QueueScripts.recoverExpired, keys: keys, arguments: [max])
        return Int(reply.int ?? 0)
    }

    /// Moves up to `max` retries that are due back to the queue.
    @discardableResult
    public func promoteDueRetries(max: Int = 1000) async throws(RedisError) -> Int {
        let reply = try await redis.run(
            QueueScripts.promoteDue, keys: keys, arguments: [max])
        return Int(reply.int ?? 0)
    }
}
