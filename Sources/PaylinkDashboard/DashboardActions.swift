import Logging
public import Paylink
public import PaylinkRedis

/// The dashboard's changes to Redis: dead retry and purge, unknown resolve, queue pause and
/// resume. Each runs the same `OrderQueue` operation (the same Lua script) as the `paylink`
/// command, so the outcome is the one the CLI gives; each is logged with the user's name.
public final class DashboardActions: Sendable {
    /// What an action did: how many entries it changed, and those it could not (with why).
    public struct Outcome: Encodable, Sendable {
        public struct Failure: Encodable, Sendable {
            public var id: String
            public var error: String
        }

        public var ok: Int
        public var failed: [Failure]
    }

    /// Most IDs one action takes.
    public static let maxIDs = 500

    let reader: DashboardReader
    let logger: Logger
    var redis: RedisClient { reader.redis }

    init(reader: DashboardReader, logger: Logger) {
        self.reader = reader
        self.logger = logger
    }

    /// The dead entries among `ids` whose last call may have created a link: a retry of them
    /// is sent flagged `possibleDuplicate` and must be confirmed first.
    public func mayHaveLink(dead ids: [String], queue keys: QueueKeys) async throws(RedisError) -> [String] {
        let letters = try await OrderQueue(keys: keys, redis: redis).deadLetters(ids: ids)
        let flags = try await redis.checkedPipeline(letters.map {
            RedisCommand("HMGET", keys.result($0.orderId ?? $0.id), ResultField.possibleDuplicate, ResultField.unsure)
        })
        return zip(letters, flags).compactMap { letter, reply in
            let values = (reply.array ?? []).map(\.string)
            return letter.mayHaveLink || values.contains("1") ? letter.id : nil
        }
    }

    /// `paylink dead retry <ids>`.
    public func retryDead(_ ids: [String], queue keys: QueueKeys, by user: String) async throws(RedisError) -> Outcome {
        let queue = OrderQueue(keys: keys, redis: redis)
        let present = Set(try await queue.deadLetters(ids: ids).map(\.id))
        let count = try await queue.retryDead(ids.filter(present.contains))
        log("dead retry", user: user, queue: keys.queue, ids: ids, changed: count)
        return Outcome(ok: count, failed: ids.filter { !present.contains($0) }.map { .init(id: $0, error: "not in the dead list") })
    }

    /// `paylink dead purge <ids>`.
    public func purgeDead(_ ids: [String], queue keys: QueueKeys, by user: String) async throws(RedisError) -> Outcome {
        let queue = OrderQueue(keys: keys, redis: redis)
        let present = Set(try await queue.deadLetters(ids: ids).map(\.id))
        let count = try await queue.purgeDead(ids)
        log("dead purge", user: user, queue: keys.queue, ids: ids, changed: count)
        return Outcome(ok: count, failed: ids.filter { !present.contains($0) }.map { .init(id: $0, error: "not in the dead list") })
    }

    /// `paylink unknown resolve <id> --retry|--fail --message <message>`, for each ID.
    public func resolveUnknown(
        _ ids: [String], as resolution: OrderQueue.Resolution, message: String, queue keys: QueueKeys, by user: String
    ) async throws(RedisError) -> Outcome {
        let queue = OrderQueue(keys: keys, redis: redis)
        var outcome = Outcome(ok: 0, failed: [])
        let recorded = "\(message) (by \(user), dashboard)"
        for id in ids {
            if try await queue.resolveUnknown(orderId: id, as: resolution, message: recorded) {
                outcome.ok += 1
            } else {
                outcome.failed.append(.init(id: id, error: "not parked as unknown"))
            }
        }
        log("unknown resolve --\(resolution.rawValue)", user: user, queue: keys.queue, ids: ids, changed: outcome.ok)
        return outcome
    }

    /// `paylink queue pause <queue> --reason <reason>` for each shard given.
    public func pause(_ shards: [QueueKeys], reason: String, by user: String) async throws(RedisError) -> Outcome {
        var outcome = Outcome(ok: 0, failed: [])
        for keys in shards {
            if try await OrderQueue(keys: keys, redis: redis).pause(reason: reason, by: "\(user)@dashboard") { outcome.ok += 1 }
        }
        logger.notice("Dashboard action: queue pause", metadata: ["user": "\(user)", "queues": "\(shards.map(\.queue))", "reason": "\(reason)"])
        return outcome
    }

    /// `paylink queue resume <queue>` for each shard given.
    public func resume(_ shards: [QueueKeys], by user: String) async throws(RedisError) -> Outcome {
        var outcome = Outcome(ok: 0, failed: [])
        for keys in shards {
            if try await OrderQueue(keys: keys, redis: redis).resume() != nil { outcome.ok += 1 }
        }
        logger.notice("Dashboard action: queue resume", metadata: ["user": "\(user)", "queues": "\(shards.map(\.queue))"])
        return outcome
    }

    private func log(_ action: String, user: String, queue: String, ids: [String], changed: Int) {
        logger.notice(
            "Dashboard action: \(action)",
            metadata: ["user": "\(user)", "queue": "\(queue)", "ids": "\(ids.prefix(20).joined(separator: ","))\(ids.count > 20 ? ",..." : "")",
                       "requested": "\(ids.count)", "changed": "\(changed)"])
    }
}
