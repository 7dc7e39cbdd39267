import ArgumentParser
import Logging
import Paylink
import PaylinkHTTP
import PaylinkRedis
import ServiceLifecycle
import UnixSignals

/// `paylink worker`: runs one worker process until SIGTERM or SIGINT.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Process orders from a queue until stopped (SIGTERM/SIGINT stop gracefully).")

    @OptionGroup var redis: RedisOptions
    @OptionGroup var api: APIOptions
    @OptionGroup var tuning: WorkerOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.makeLogger(label: "paylink.worker")
        let stack = try WorkerStack(redis: redis, api: api, tuning: tuning, logger: logger)
        defer { stack.shutdown() }
        let group = ServiceGroup(
            configuration: .init(services: [stack.worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The clients a worker needs, built from flags, and torn down together.
struct WorkerStack {
    let worker: Worker
    let redisClient: RedisClient
    let blockingRedis: RedisClient
    let http: HTTPClient

    init(redis: RedisOptions, api: APIOptions, tuning: WorkerOptions, logger: Logger) throws {
        let keys = try redis.keys()
        let configuration = try tuning.configuration(keys: keys)
        let apiConfiguration = try api.configuration()
        var httpConfiguration = HTTPClientConfiguration()
        httpConfiguration.timeout = try tuning.apiTimeout
        // One connection per order in flight, so no call waits inside curl for a free connection.
        httpConfiguration.maxConnectionsPerHost = max(httpConfiguration.maxConnectionsPerHost, configuration.concurrency)
        http = try HTTPClient(configuration: httpConfiguration)
        redisClient = try redis.client(name: "redis", logger: logger)
        blockingRedis = try redis.client(name: "redis-wait", logger: logger)
        // One token for the whole fleet, kept in Redis; per process only when asked.
        let tokens: any TokenSource =
            tuning.tokenPerProcess
            ? TokenProvider(configuration: apiConfiguration, http: http, logger: logger)
            : try SharedTokenProvider(configuration: apiConfiguration, http: http, redis: redisClient, logger: logger)
        let client = OTTPayClient(configuration: apiConfiguration, http: http, tokens: tokens)
        var limiter: FleetRateLimiter?
        if let rateLimit = try tuning.rateLimit() {
            limiter = try FleetRateLimiter(redis: redisClient, merchant: apiConfiguration.appId, configuration: rateLimit, logger: logger)
        }
        worker = Worker(
            configuration: configuration, redis: redisClient, blockingRedis: blockingRedis, api: client, rateLimiter: limiter,
            logger: logger)
    }

    func shutdown() {
        http.shutdown()
        redisClient.shutdown()
        blockingRedis.shutdown()
    }
}
