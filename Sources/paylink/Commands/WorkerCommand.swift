import ArgumentParser
import FoundationEssentials
import Logging
import Paylink
import PaylinkCLI
import PaylinkHTTP
import PaylinkRedis
import PaylinkSystem
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
        MallocArenas.limit()
        let logger = try logging.makeLogger(label: "paylink.worker")
        let stack = try WorkerStack(redis: redis, api: api, tuning: tuning, logger: logger)
        defer { stack.shutdown() }
        let group = ServiceGroup(
            configuration: .init(services: stack.services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let trimmer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                MallocArenas.releaseFreeMemory()
            }
        }
        defer { trimmer.cancel() }
        try await group.run()
    }
}

/// The clients a worker process needs, built from flags, and torn down together. A sharded queue
/// gets one `Worker` per shard, sharing the clients and splitting `--concurrency` between them.
struct WorkerStack {
    let workers: [Worker]
    let heartbeat: Heartbeat
    let redisClient: RedisClient
    let blockingClients: [RedisClient]
    let http: HTTPClient

    init(redis: RedisOptions, api: APIOptions, tuning: WorkerOptions, logger: Logger) throws {
        let shards = try redis.shardKeys().shards
        let configuration = try tuning.configuration(keys: shards[0])
        var httpConfiguration = HTTPClientConfiguration()
        httpConfiguration.timeout = try tuning.apiTimeout
        // One connection per order in flight, so no call waits inside curl for a free connection.
        httpConfiguration.maxConnectionsPerHost = max(httpConfiguration.maxConnectionsPerHost, configuration.concurrency)
        http = try HTTPClient(configuration: httpConfiguration)
        redisClient = try redis.client(name: "redis", logger: logger)
        blockingClients = try shards.indices.map { try redis.client(name: "redis-wait\($0)", logger: logger) }
        // A fleet pause longer than the retry cap only idles the fleet: no order waits longer.
        let maxPause = min(configuration.retryMaxDelay, .seconds(3600))
        let merchants = try Self.merchants(
            api: api, tuning: tuning, maxPause: maxPause, http: http, redis: redisClient, logger: logger)
        var workers: [Worker] = []
        for (index, keys) in shards.enumerated() {
            var shardConfiguration = configuration
            shardConfiguration.keys = keys
            shardConfiguration.concurrency = max(1, configuration.concurrency / shards.count)
            shardConfiguration.claimBatch = min(configuration.claimBatch, shardConfiguration.concurrency)
            workers.append(Worker(
                configuration: shardConfiguration, redis: redisClient, blockingRedis: blockingClients[index], merchants: merchants,
                logger: logger))
        }
        self.workers = workers
        let identity = Heartbeat.Identity(
            workerId: configuration.workerName, host: ProcessInfo.processInfo.hostName, pid: Int(ProcessInfo.processInfo.processIdentifier),
            version: PaylinkVersion.current, queues: shards.map(\.queue), concurrency: configuration.concurrency)
        heartbeat = Heartbeat(identity: identity, redis: redisClient, workers: workers, interval: try tuning.heartbeatInterval, logger: logger)
    }

    /// One API client per merchant profile (or one from the flags), each with its token and limit.
    private static func merchants(
        api: APIOptions, tuning: WorkerOptions, maxPause: Duration, http: HTTPClient, redis: RedisClient, logger: Logger
    ) throws -> MerchantAccounts {
        var profiles: [MerchantProfiles.Profile]
        let defaultName: String
        if let file = try api.profiles() {
            guard try tuning.rateLimit() == nil else {
                throw ValidationError("invalid --rate: with --merchants, set each profile's rate in the file")
            }
            profiles = file.profiles
            defaultName = file.defaultName
        } else {
            profiles = [MerchantProfiles.Profile(name: "default", api: try api.configuration(), rateLimit: try tuning.rateLimit())]
            defaultName = "default"
        }
        var accounts: [String: MerchantAccounts.Account] = [:]
        for profile in profiles {
            // One token for the whole fleet, kept in Redis; per process only when asked.
            let tokens: any TokenSource =
                tuning.tokenPerProcess
                ? TokenProvider(configuration: profile.api, http: http, logger: logger)
                : try SharedTokenProvider(configuration: profile.api, http: http, redis: redis, logger: logger)
            var limiter: FleetRateLimiter?
            if var rateLimit = profile.rateLimit {
                rateLimit.maxPause = maxPause
                limiter = try FleetRateLimiter(redis: redis, merchant: profile.api.appId, configuration: rateLimit, logger: logger)
            }
            accounts[profile.name] = MerchantAccounts.Account(
                api: OTTPayClient(configuration: profile.api, http: http, tokens: tokens), limiter: limiter)
        }
        return MerchantAccounts(defaultName: defaultName, accounts: accounts)
    }

    /// The heartbeat, then the workers: graceful shutdown runs backwards, so the heartbeat beats
    /// until the workers are done.
    var services: [any Service] { [heartbeat] + workers.map { $0 as any Service } }

    func shutdown() {
        http.shutdown()
        redisClient.shutdown()
        blockingClients.forEach { $0.shutdown() }
    }
}
