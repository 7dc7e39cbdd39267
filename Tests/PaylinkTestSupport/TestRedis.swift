public import Foundation
public import Logging
public import PaylinkRedis
import PaylinkServer

/// The Redis that ordinary integration tests share: `PAYLINK_TEST_REDIS_URL` (set by
/// scripts/test.sh), or a private `LocalRedisServer` started once for this test process.
/// Tests that change server state (passwords, restarts) start their own `LocalRedisServer`.
public enum TestRedis {
    public static let logger = Logger(label: "paylink.tests")

    // An unstructured task so that concurrent first callers share one start-up.
    private static let shared = Task<RedisURL, any Error> {
        if let text = ProcessInfo.processInfo.environment["PAYLINK_TEST_REDIS_URL"], !text.isEmpty {
            return try RedisURL(text)
        }
        let server = try await LocalRedisServer.start()
        SharedServer.keep(server)
        atexit { SharedServer.stop() }
        return server.url
    }

    public static func url() async throws -> RedisURL {
        try await shared.value
    }

    /// A client of the shared server (or of `url`), named for its thread.
    public static func client(_ url: RedisURL? = nil, name: String = "test") async throws -> RedisClient {
        let resolved: RedisURL
        if let url { resolved = url } else { resolved = try await self.url() }
        var configuration = RedisConfiguration(url: resolved)
        configuration.name = name
        return RedisClient(configuration: configuration, logger: logger)
    }

    /// A queue name, or key prefix, that no other test uses.
    public static func uniqueQueue(_ label: String = "t") -> String {
        "\(label)-\(UUID().uuidString.prefix(8))"
    }
}

/// Keeps the shared server alive until process exit, when `atexit` (which cannot capture
/// context) stops it. Locking: `lock` guards `server`.
private enum SharedServer {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var server: LocalRedisServer?

    static func keep(_ value: LocalRedisServer) { lock.withLock { server = value } }
    static func stop() { lock.withLock { server?.stop() } }
}
