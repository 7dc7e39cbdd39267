public import Logging
public import PaylinkRedis

/// What a worker process asks Redis before its workers start: the shard layout they serve.
///
/// It runs before anything else touches Redis, so it keeps the start-up promises the workers
/// make for themselves later: it waits while Redis is unreachable (a worker may start before its
/// Redis does), and a server too old for the queue's commands is refused by name, before the
/// layout script could fail on it with a message that says nothing of versions.
public enum WorkerStartup {
    /// The layout for `--shards count`, recorded first when Redis has none.
    /// - Throws: `WorkerError.unsupportedRedis`, `ConfigurationError` (another layout is
    ///   recorded), or a `RedisError` that waiting cannot cure (refused command, closed client).
    public static func layout(queue: String, count: Int, redis: RedisClient, logger: Logger) async throws -> ShardLayout {
        var delay = Duration.milliseconds(100)
        while true {
            do {
                try await refuseOldRedis(redis, logger: logger)
                return try await ShardLayoutStore(queue: queue, redis: redis).layout(count: count)
            } catch let error as RedisError where error.code != .commandFailed && error.code != .closed {
                logger.warning("Could not reach Redis to read the queue's shard layout; retrying in \(delay): \(error)")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    /// Throws when `INFO` names a version below ``RedisVersion/minimum``; a server that refuses
    /// `INFO` (an ACL without it) is let through with a warning, as the worker's own check does.
    private static func refuseOldRedis(_ redis: RedisClient, logger: Logger) async throws {
        var info = ""
        do throws(RedisError) {
            info = try await redis.send(RedisCommand("INFO", "server")).string ?? ""
        } catch {
            guard error.code == .commandFailed else { throw error }
            logger.warning("Could not check the Redis version (\(error)); paylink needs Redis \(RedisVersion.minimum) or later")
            return
        }
        if let version = RedisVersion(info: info), !version.isSupported {
            throw WorkerError.unsupportedRedis(version, at: redis.endpoint)
        }
    }
}
