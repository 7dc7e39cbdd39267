import Foundation
import Logging
import PaylinkRedis
import PaylinkTestSupport

/// A unique key prefix so tests can share one server while running in parallel.
func uniqueKey(_ name: String = #function) -> String {
    "test:{\(UUID().uuidString)}:\(name.prefix { $0 != "(" })"
}

/// A client for `url` with test-friendly timeouts.
func makeClient(
    _ url: RedisURL, commandTimeout: Duration = .seconds(5), name: String = "test"
) -> RedisClient {
    let configuration = RedisConfiguration(
        url: url, connectTimeout: .seconds(1), commandTimeout: commandTimeout,
        reconnectBackoffBase: .milliseconds(10), reconnectBackoffCap: .milliseconds(100), name: name)
    // Reconnect warnings are expected in these tests; errors still show.
    var logger = Logger(label: "test.redis")
    logger.logLevel = .error
    return RedisClient(configuration: configuration, logger: logger)
}

/// A client for the process-wide shared server.
func makeSharedClient(commandTimeout: Duration = .seconds(5)) async throws -> RedisClient {
    makeClient(try await TestRedis.url(), commandTimeout: commandTimeout)
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func eventually(
    within timeout: Duration = .seconds(5), _ condition: () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// Runs `body` and returns the ``RedisError`` it throws, or `nil` if it succeeds.
func redisError<T>(_ body: () async throws(RedisError) -> T) async -> RedisError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}
