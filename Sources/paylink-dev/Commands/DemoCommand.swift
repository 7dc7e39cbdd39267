import ArgumentParser
import PaylinkCLI
import Logging
import Paylink
import PaylinkHTTP
import PaylinkRedis
import PaylinkServer
import ServiceLifecycle
import UnixSignals

/// `paylink demo`: the whole path on local defaults: a private Redis, the API stand-in, sample
/// orders, one worker with a progress bar, then a summary and one result.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the whole path locally: private Redis, API stand-in, sample orders, one worker.",
        discussion: "A private redis-server is started unless --redis-url is given (PAYLINK_REDIS_URL alone does not count, so a production setting in the environment is never used by accident); the password and TLS flags then apply as for every other command.")

    @Option(help: "Sample orders to enqueue (default 1000).") var orders = 1000
    @Option(name: .customLong("latency-ms"), help: "Stand-in latency per pay call (default 20).") var latencyMs = 20
    @OptionGroup var redisConnection: RedisConnectionOptions
    @Option(help: "Orders processed at once (default 64).") var concurrency = 64
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...1_000_000).contains(orders) else { throw ValidationError("invalid --orders: must be 1-1000000") }
        guard latencyMs >= 0 else { throw ValidationError("invalid --latency-ms: must not be negative") }
    }

    func run() async throws {
        var logger = try logging.makeLogger(label: "paylink.demo")
        if logging.logLevel == nil, Environment.value("PAYLINK_LOG_LEVEL") == nil { logger.logLevel = .warning }
        let localRedis = redisConnection.redisURL == nil ? try await LocalRedisServer.start() : nil
        defer { localRedis?.stop() }
        let redisConfiguration = try localRedis.map { RedisConfiguration(url: $0.url) } ?? redisConnection.configuration(logger: logger)
        let url = redisConfiguration.url
        let apiPort = try LocalPorts.free()
        let keys = try QueueKeys(queue: "demo")
        let redis = RedisClient(configuration: redisConfiguration, logger: logger)
        var blockingConfiguration = redisConfiguration
        blockingConfiguration.name = "redis-wait"
        let blocking = RedisClient(configuration: blockingConfiguration, logger: logger)
        let http = try HTTPClient()
        defer {
            http.shutdown()
            redis.shutdown()
            blocking.shutdown()
        }
        let mock = MockAPIServer(
            configuration: MockAPIConfiguration(port: apiPort, latency: .milliseconds(latencyMs), latencyJitter: .milliseconds(latencyMs / 2)),
            logger: logger)
        let api = OTTPayClient(
            configuration: try OTTPayConfiguration(baseURL: "http://127.0.0.1:\(apiPort)", appId: "ON00000185", appKey: Secret("demo-app-key-0e83")),
            http: http, logger: logger)
        var workerConfiguration = WorkerConfiguration(keys: keys)
        workerConfiguration.concurrency = concurrency
        workerConfiguration.claimBatch = concurrency
        let worker = Worker(configuration: workerConfiguration, redis: redis, blockingRedis: blocking, api: api, logger: logger)
        let driver = DemoDriver(keys: keys, redis: redis, orders: orders, apiPort: apiPort)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: mock),
                    .init(service: worker),
                    .init(service: driver, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        print("redis \(url), API stand-in http://127.0.0.1:\(apiPort), queue \(keys.queue)")
        try await group.run()
    }
}
