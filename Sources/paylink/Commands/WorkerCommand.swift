import ArgumentParser
import FoundationEssentials
import Logging
import Paylink
import PaylinkCLI
import PaylinkEndpoint
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

    @Option(
        name: .customLong("http-address"),
        help: "Serve /metrics, /livez and /readyz on HOST:PORT, e.g. 127.0.0.1:9464 (env PAYLINK_HTTP_ADDRESS; off unless given).")
    var httpAddress: String?

    func run() async throws {
        MallocArenas.limit()
        let logger = try logging.makeLogger(label: "paylink.worker")
        let endpoint = try endpointAddress()
        let settings = try WorkerSettings(redis: redis, api: api, tuning: tuning, logger: logger)
        let layout = try await Self.layout(redis, settings: settings, logger: logger)
        let stack = try WorkerStack(settings: settings, layout: layout, observed: endpoint != nil, logger: logger)
        defer { stack.shutdown() }
        // Services stop in reverse order: the workers drain first (all shards at once), the
        // endpoint last, so /readyz answers 503 for the whole drain.
        var services: [any Service] = []
        if let endpoint, let metrics = stack.metrics, let health = stack.health {
            services.append(OperatorEndpoint(
                address: endpoint, metrics: metrics, sampler: stack.sampler(metrics: metrics), health: health,
                redis: stack.redisClient, merchants: stack.merchants, logger: logger))
        }
        // The heartbeat next: it beats through the drain and removes its entry last but one.
        services.append(stack.heartbeat)
        services.append(ShardWorkers(workers: stack.workers))
        if !layout.retiredTags.isEmpty || !layout.strayTags.isEmpty {
            // After the workers: a shutdown stops it first, so it moves nothing while they drain.
            services.append(try ShardForwarder(
                layout: layout, redis: stack.redisClient, owner: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UInt32.random(in: .min ... .max))",
                logger: logger))
            logger.info("Forwarding orders from retired shards", metadata: ["shards": "\((layout.retiredTags + layout.strayTags).joined(separator: " "))"])
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let trimmer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                MallocArenas.releaseFreeMemory()
            }
        }
        defer { trimmer.cancel() }
        try await group.run()
    }

    /// The queue's shard layout, recorded from `--shards` when Redis has none (a short-lived
    /// client); waits for Redis, and refuses one too old.
    private static func layout(_ redis: RedisOptions, settings: WorkerSettings, logger: Logger) async throws -> ShardLayout {
        let client = RedisOptions.client(from: settings.redis, name: "redis-layout", logger: logger)
        defer { client.shutdown() }
        do {
            return try await WorkerStartup.layout(queue: try redis.queueName(), count: try redis.shardCount(), redis: client, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    private func endpointAddress() throws -> EndpointAddress? {
        guard let text = httpAddress ?? Environment.value("PAYLINK_HTTP_ADDRESS"), !text.isEmpty else { return nil }
        do {
            return try EndpointAddress(parsing: text)
        } catch {
            throw ValidationError("\(error.description) (from --http-address / PAYLINK_HTTP_ADDRESS)")
        }
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
    let merchants: MerchantAccounts
    /// Nil unless the operator endpoint runs (`observed`): then nothing is measured.
    let metrics: WorkerMetrics?
    let health: WorkerHealth?

    init(settings: WorkerSettings, layout: ShardLayout, observed: Bool = false, logger: Logger) throws {
        let shards = try layout.shards().shards
        var configuration = settings.configuration
        configuration.keys = shards[0]
        let metrics = observed ? WorkerMetrics() : nil
        self.metrics = metrics
        health = observed ? WorkerHealth() : nil
        var httpConfiguration = HTTPClientConfiguration()
        httpConfiguration.timeout = settings.apiTimeout
        // One connection per order in flight, so no call waits inside curl for a free connection.
        httpConfiguration.maxConnectionsPerHost = max(httpConfiguration.maxConnectionsPerHost, configuration.concurrency)
        if let api = metrics?.api { httpConfiguration.observer = { api.observe($0) } }
        http = try HTTPClient(configuration: httpConfiguration)
        var redisErrors: (@Sendable (RedisError.Code) -> Void)?
        if let metrics { redisErrors = { code in metrics.countRedisError(code) } }
        // The password and TLS files are read once; every client shares the result.
        let redisConfiguration = settings.redis
        redisClient = RedisOptions.client(from: redisConfiguration, name: "redis", logger: logger, errors: redisErrors)
        blockingClients = shards.indices.map {
            RedisOptions.client(from: redisConfiguration, name: "redis-wait\($0)", logger: logger, errors: redisErrors)
        }
        // A fleet pause longer than the retry cap only idles the fleet: no order waits longer.
        let maxPause = min(configuration.retryMaxDelay, .seconds(3600))
        let merchants = try Self.merchants(settings: settings, maxPause: maxPause, http: http, redis: redisClient, logger: logger)
        self.merchants = merchants
        metrics?.setConcurrency(configuration.concurrency)
        var workers: [Worker] = []
        for (index, keys) in shards.enumerated() {
            var shardConfiguration = configuration
            shardConfiguration.keys = keys
            shardConfiguration.shardLayout = layout
            shardConfiguration.concurrency = max(1, configuration.concurrency / shards.count)
            shardConfiguration.claimBatch = min(configuration.claimBatch, shardConfiguration.concurrency)
            workers.append(Worker(
                configuration: shardConfiguration, redis: redisClient, blockingRedis: blockingClients[index], merchants: merchants,
                metrics: metrics, health: health, logger: logger))
        }
        self.workers = workers
        let identity = Heartbeat.Identity(
            workerId: configuration.workerName, host: ProcessInfo.processInfo.hostName, pid: Int(ProcessInfo.processInfo.processIdentifier),
            version: PaylinkVersion.current, queues: shards.map(\.queue), concurrency: configuration.concurrency)
        heartbeat = Heartbeat(identity: identity, redis: redisClient, workers: workers, interval: settings.heartbeatInterval, logger: logger)
    }

    /// What `/metrics` reads from Redis: every shard this process serves, every limited merchant.
    func sampler(metrics: WorkerMetrics) -> QueueSampler {
        let targets = workers.map { worker in
            QueueSampler.Target(
                keys: worker.keys, metrics: metrics.queue(worker.keys.queue), inFlight: { worker.inFlight })
        }
        var limited: [String: String] = [:]
        for (name, account) in merchants.accounts where account.limiter != nil { limited[name] = account.api.appId }
        return QueueSampler(redis: redisClient, targets: targets, limitedMerchants: limited, metrics: metrics)
    }

    /// One API client per merchant profile (or one from the flags), each with its token and limit.
    private static func merchants(
        settings: WorkerSettings, maxPause: Duration, http: HTTPClient, redis: RedisClient, logger: Logger
    ) throws -> MerchantAccounts {
        var accounts: [String: MerchantAccounts.Account] = [:]
        for profile in settings.profiles {
            // One token for the whole fleet, kept in Redis; per process only when asked.
            let tokens: any TokenSource =
                settings.tokenPerProcess
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
        return MerchantAccounts(defaultName: settings.defaultMerchant, accounts: accounts)
    }


    func shutdown() {
        http.shutdown()
        redisClient.shutdown()
        blockingClients.forEach { $0.shutdown() }
    }
}
