import ArgumentParser
import Logging
import Paylink
import PaylinkCLI
import PaylinkRedis

/// Where the queue lives: the Redis connection (`--redis-url`, its password file and TLS files)
/// and `--queue` / `PAYLINK_QUEUE`.
struct RedisOptions: ParsableArguments {
    @OptionGroup var connection: RedisConnectionOptions

    @Option(help: "Queue name (env PAYLINK_QUEUE; default \"default\").")
    var queue: String?

    @Option(help: "Shards the queue is split into, as <queue>:0 ... (env PAYLINK_SHARDS; default 1). Producers and workers must agree.")
    var shards: Int?

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

    /// The connection settings every client of this process copies: files read once.
    func configuration(logger: Logger) throws -> RedisConfiguration {
        try connection.configuration(logger: logger)
    }

    /// A client for ordinary commands, named for its thread.
    /// - Parameter errors: told of every failed call (the metrics count them).
    func client(name: String = "redis", logger: Logger, errors: (@Sendable (RedisError.Code) -> Void)? = nil) throws -> RedisClient {
        try Self.client(from: configuration(logger: logger), name: name, logger: logger, errors: errors)
    }

    /// A client from settings already read (``configuration(logger:)``), named for its thread.
    static func client(
        from base: RedisConfiguration, name: String, logger: Logger, errors: (@Sendable (RedisError.Code) -> Void)? = nil
    ) -> RedisClient {
        var configuration = base
        configuration.name = name
        configuration.errorObserver = errors
        return RedisClient(configuration: configuration, logger: logger)
    }
}
