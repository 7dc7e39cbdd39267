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

    @Option(help: "Shards the queue is split into (env PAYLINK_SHARDS; default 1): must match the layout recorded in Redis; change it with `paylink queue shards <queue> --change N`.")
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

    /// The shard count asked for (`--shards` / `PAYLINK_SHARDS`, default 1), checked.
    func shardCount() throws -> Int {
        let text = Environment.value("PAYLINK_SHARDS")
        let count = shards ?? text.map { Int($0) ?? -1 } ?? 1
        guard (1...QueueShards.maxCount).contains(count) else {
            throw ValidationError("invalid --shards / PAYLINK_SHARDS: must be a whole number from 1 to \(QueueShards.maxCount)")
        }
        return count
    }

    /// The layout a worker or producer must use: the one recorded in Redis, recorded first
    /// (from `--shards`) when there is none; an error naming the fix when another is recorded.
    func recordedLayout(client: RedisClient) async throws -> ShardLayout {
        let count = try shardCount()
        do {
            return try await ShardLayoutStore(queue: try queueName(), redis: client).layout(count: count)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// The layout a reading command uses: the recorded one, else contract version 2's tags for
    /// `--shards` (what was written before layouts were recorded). Writes nothing.
    func readingLayout(client: RedisClient) async throws -> ShardLayout {
        let count = try shardCount()
        do {
            return try await ShardLayoutStore(queue: try queueName(), redis: client).layoutForReading(count: count)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// Every current shard's keys for a reading command (one for an unsharded queue).
    func shardKeys(client: RedisClient) async throws -> QueueShards {
        do {
            return try await readingLayout(client: client).shards()
        } catch let error as ConfigurationError {
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
