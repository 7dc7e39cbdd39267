import ArgumentParser
import Logging
import Paylink
import PaylinkCLI
import PaylinkRedis

/// Where the queue lives: `--redis-url` / `PAYLINK_REDIS_URL` and `--queue` / `PAYLINK_QUEUE`.
struct RedisOptions: ParsableArguments {
    @Option(name: .customLong("redis-url"), help: "redis://[user:pass@]host:port/db (env PAYLINK_REDIS_URL; default redis://127.0.0.1:6379/0).")
    var redisURL: String?

    @Option(help: "Queue name (env PAYLINK_QUEUE; default \"default\").")
    var queue: String?

    @Option(help: "Shards the queue is split into, as <queue>:0 ... (env PAYLINK_SHARDS; default 1). Producers and workers must agree.")
    var shards: Int?

    func url() throws -> RedisURL {
        let text = redisURL ?? Environment.value("PAYLINK_REDIS_URL") ?? "redis://127.0.0.1:6379/0"
        do {
            return try RedisURL(text)
        } catch {
            throw ValidationError("invalid --redis-url / PAYLINK_REDIS_URL: \(error.message)")
        }
    }

    /// The queue's name as given (`--queue`, `PAYLINK_QUEUE` or "default"), checked.
    func queueName() throws -> String {
        try keys().queue
    }

    func keys() throws -> QueueKeys {
        do {
            return try QueueKeys(queue: queue ?? Environment.value("PAYLINK_QUEUE") ?? "default")
        } catch {
            throw ValidationError("invalid --queue / PAYLINK_QUEUE: \(error.reason)")
        }
    }

    /// Every shard's keys (one for an unsharded queue).
    func shardKeys() throws -> QueueShards {
        let text = Environment.value("PAYLINK_SHARDS")
        let count = shards ?? text.map { Int($0) ?? -1 } ?? 1
        guard count >= 1 else {
            throw ValidationError("invalid --shards / PAYLINK_SHARDS: must be a whole number from 1 to 1024")
        }
        do {
            return try QueueShards(queue: queue ?? Environment.value("PAYLINK_QUEUE") ?? "default", count: count)
        } catch {
            throw ValidationError("invalid --shards / --queue: \(error.description)")
        }
    }

    /// A client for ordinary commands, named for its thread.
    /// - Parameter errors: told of every failed call (the metrics count them).
    func client(name: String = "redis", logger: Logger, errors: (@Sendable (RedisError.Code) -> Void)? = nil) throws -> RedisClient {
        let url = try url()
        if redisURL != nil, url.password != nil {
            // Review M9: argv is readable by every user of the host (ps, /proc/<pid>/cmdline).
            logger.warning("The Redis password is on the command line (--redis-url), where any local user can read it; pass it in PAYLINK_REDIS_URL instead")
        }
        var configuration = RedisConfiguration(url: url)
        configuration.name = name
        configuration.errorObserver = errors
        return RedisClient(configuration: configuration, logger: logger)
    }
}
