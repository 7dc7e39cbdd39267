import ArgumentParser
import Foundation
import Logging
import Paylink
import PaylinkRedis

/// Where the queue lives: `--redis-url` / `PAYLINK_REDIS_URL` and `--queue` / `PAYLINK_QUEUE`.
struct RedisOptions: ParsableArguments {
    @Option(name: .customLong("redis-url"), help: "redis://[user:pass@]host:port/db (env PAYLINK_REDIS_URL; default redis://127.0.0.1:6379/0).")
    var redisURL: String?

    @Option(help: "Queue name (env PAYLINK_QUEUE; default \"default\").")
    var queue: String?

    func url() throws -> RedisURL {
        let text = redisURL ?? Environment.value("PAYLINK_REDIS_URL") ?? "redis://127.0.0.1:6379/0"
        do {
            return try RedisURL(text)
        } catch {
            throw ValidationError("invalid --redis-url / PAYLINK_REDIS_URL: \(error.message)")
        }
    }

    func keys() throws -> QueueKeys {
        do {
            return try QueueKeys(queue: queue ?? Environment.value("PAYLINK_QUEUE") ?? "default")
        } catch {
            throw ValidationError("invalid --queue / PAYLINK_QUEUE: \(error.reason)")
        }
    }

    /// A client for ordinary commands, named for its thread.
    func client(name: String = "redis", logger: Logger) throws -> RedisClient {
        var configuration = RedisConfiguration(url: try url())
        configuration.name = name
        return RedisClient(configuration: configuration, logger: logger)
    }
}

/// Reads environment variables, treating empty ones as unset.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
