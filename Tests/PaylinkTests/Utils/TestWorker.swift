import Foundation
import Logging
import Paylink
import PaylinkHTTP
import PaylinkRedis
import ServiceLifecycle

/// A worker running in a `ServiceGroup` inside the test process, with its own clients.
final class TestWorker: Sendable {
    let api: OTTPayClient
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let clients: [RedisClient]
    private let http: HTTPClient

    static func start(
        redisURL: RedisURL, mock: TestMockAPI, appKey: String = TestMockAPI.appKey,
        httpTimeout: Duration = .seconds(5), rateLimit: RateLimitConfiguration? = nil,
        configure: (inout WorkerConfiguration) -> Void = { _ in },
        keys: QueueKeys
    ) throws -> TestWorker {
        var configuration = WorkerConfiguration(keys: keys)
        configuration.retryBaseDelay = .milliseconds(10)
        configuration.retryMaxDelay = .milliseconds(200)
        configuration.promoteInterval = .milliseconds(20)
        configuration.spoolDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("paylink-spool-\(UUID().uuidString)").path
        configure(&configuration)
        var httpConfiguration = HTTPClientConfiguration()
        httpConfiguration.timeout = httpTimeout
        let http = try HTTPClient(configuration: httpConfiguration)
        let logger = Logger(label: "worker")
        let redis = RedisClient(configuration: RedisConfiguration(url: redisURL), logger: logger)
        var waitConfiguration = RedisConfiguration(url: redisURL)
        waitConfiguration.name = "redis-wait"
        let blocking = RedisClient(configuration: waitConfiguration, logger: logger)
        let api = OTTPayClient(configuration: try mock.apiConfiguration(appKey: appKey), http: http, logger: logger)
        let limiter = try rateLimit.map {
            try FleetRateLimiter(redis: redis, merchant: "test-\(keys.queue)", configuration: $0, logger: logger)
        }
        let worker = Worker(configuration: configuration, redis: redis, blockingRedis: blocking, api: api, rateLimiter: limiter, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [worker], logger: logger))
        // Unstructured so the test can go on while the worker runs; `stop()` ends it.
        let task = Task { try await group.run() }
        return TestWorker(api: api, group: group, task: task, clients: [redis, blocking], http: http)
    }

    private init(api: OTTPayClient, group: ServiceGroup, task: Task<Void, any Error>, clients: [RedisClient], http: HTTPClient) {
        self.api = api
        self.group = group
        self.task = task
        self.clients = clients
        self.http = http
    }

    /// Graceful shutdown, as on SIGTERM; returns the worker's error, if any.
    @discardableResult
    func stop() async -> (any Error)? {
        await group.triggerGracefulShutdown()
        return await finish()
    }

    /// Shuts the worker's HTTP client down under it, as a failed curl event loop does.
    func closeHTTPClient() {
        http.shutdown()
    }

    /// Shuts the worker's Redis clients down under it.
    func closeRedisClients() {
        clients.forEach { $0.shutdown() }
    }

    /// Waits up to `timeout` for the worker to end by itself; if it does not, stops it.
    /// - Returns: whether it ended by itself, and its error, if any.
    func end(within timeout: Duration) async -> (ended: Bool, error: (any Error)?) {
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask { [task] in
                _ = await task.result
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { await self.group.triggerGracefulShutdown() }
            return first
        }
        return (ended, await finish())
    }

    /// Waits for the worker to end by itself; returns its error, if any.
    func finish() async -> (any Error)? {
        defer {
            http.shutdown()
            clients.forEach { $0.shutdown() }
        }
        do {
            try await task.value
            return nil
        } catch {
            return error
        }
    }
}
