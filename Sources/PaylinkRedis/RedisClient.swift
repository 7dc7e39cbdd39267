public import Logging

/// An async Redis client: one connection, owned by one named thread, shared by many callers.
///
/// Concurrent calls are pipelined automatically: everything queued while a round trip is in
/// flight goes out together in the next one. The client reconnects by itself (with backoff)
/// and sends `AUTH`/`SELECT` again after each reconnect.
///
/// Blocking commands (`BLPOP`, `BLMOVE`) hold the connection until they return, delaying every
/// other caller's commands: give them a client of their own and use
/// ``send(_:blockingFor:)``.
///
/// ```swift
/// let client = RedisClient(configuration: .init(url: try RedisURL("redis://127.0.0.1")), logger: logger)
/// let count = try await client.send(RedisCommand("INCR", "visits")).int
/// client.shutdown()
/// ```
public final class RedisClient: Sendable {
    let configuration: RedisConfiguration
    let logger: Logger
    /// The one server's requests (the first seed's while the topology is undetermined).
    let queue = RedisRequestQueue()
    /// One server or a cluster: decided by the first call (see `RedisTopology`).
    let topology: RedisTopology
    /// The cluster's slot map and per-node connections; idle unless `topology` says cluster.
    let router: RedisClusterRouter

    /// Creates the client and starts its thread; the connection opens on the first command.
    ///
    /// A Redis Cluster is detected by the first command and then followed transparently (see
    /// `RedisClient+topology.swift`): each command goes to the master of its key's slot.
    public init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "redis"] = "\(configuration.name) \(configuration.url)"
        self.logger = logger
        let seeds = configuration.url.seeds
        // A Sentinel URL names one master, found by the sentinels: nothing to ask.
        let isSingle = configuration.topology == .singleNode || configuration.url.usesSentinel
        topology = RedisTopology(isSingle ? .single : .undetermined)
        router = RedisClusterRouter(configuration: configuration, seeds: seeds, logger: logger)
        if seeds.count > 1 {
            // Several hosts name a cluster's seeds: the router asks them; no single server is used.
            queue.close(because: "the URL names a cluster's seed nodes")
        } else {
            RedisConnectionLoop(configuration: configuration, queue: queue, logger: logger).start()
        }
    }

    deinit {
        queue.close()
        router.shutdown()
    }

    /// Sends one command and returns its reply.
    /// - Throws: `.commandFailed` with the server's message for an error reply; a connection
    ///   error otherwise (see ``RedisError/mayHaveExecuted``).
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
        try await sendOne(command, blockingFor: nil)
    }

    /// Sends a blocking command (`BLPOP`, `BLMOVE`, ...) that may wait up to `timeout` in the
    /// server; the socket timeout is raised above `timeout` for this command only.
    ///
    /// Use a client of its own for blocking commands: they delay everything queued behind them.
    /// - Parameters:
    ///   - command: The command, whose own timeout argument should equal `timeout`.
    ///   - timeout: The longest time the server may block.
    public func send(_ command: RedisCommand, blockingFor timeout: Duration) async throws(RedisError) -> RedisValue {
        try await sendOne(command, blockingFor: timeout)
    }

    /// Sends `commands` in one round trip and returns their replies in order.
    ///
    /// Error replies come back as ``RedisValue/error(_:)`` elements; only connection failures throw.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        return try await execute(commands, isPipeline: true, blockingFor: nil).get()
    }

    /// Sends commands in one round trip and checks every reply: use it for pipelines whose every
    /// command must take effect (writes, where an unread `-OOM`, `-READONLY`, `-NOPERM`,
    /// `-MISCONF` or `-WRONGTYPE` reply would lose data silently) or whose every reply is read
    /// (reads, where `-NOPERM` must not look like "no such key").
    /// - Returns: the replies, in order, when the server accepted every command.
    /// - Throws: `.commandFailed` for the first error reply (its command and the server's
    ///   message), with ``RedisError/refusedCommands`` listing every refused position: the
    ///   commands at the other positions took effect. A connection error otherwise.
    public func checkedPipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        let replies = try await pipeline(commands)
        var refused: [Int] = []
        for (index, reply) in replies.enumerated() {
            if case .error = reply { refused.append(index) }
        }
        guard let first = refused.first, case .error(let message) = replies[first] else { return replies }
        configuration.errorObserver?(.commandFailed)
        var error = RedisError(code: .commandFailed, command: commands.indices.contains(first) ? commands[first].name : nil, message: message)
        error.refusedCommands = refused
        throw error
    }

    /// Stops the thread after its current round trip; queued and later commands fail with
    /// `.closed`. Idempotent.
    public func shutdown() {
        queue.close()
        router.shutdown()
    }

    /// Whether this client found a Redis Cluster behind its URL; false until its first call has
    /// decided, and for one server or a Sentinel master.
    public var isCluster: Bool { topology.mode == .cluster }

    /// The server and database this client talks to, as `host:port/database` (no credentials).
    public var endpoint: String { configuration.url.endpoint }

    /// Commands waiting to be written; lets tests wait for a command to be queued. While the
    /// first call asks whether the server is a cluster node, its question stands for its own
    /// command and the other callers wait beside it.
    var queuedRequestCount: Int { queue.queuedCount + topology.waitingCount }

    private func sendOne(_ command: RedisCommand, blockingFor timeout: Duration?) async throws(RedisError) -> RedisValue
    {
        let replies = try await execute([command], isPipeline: false, blockingFor: timeout).get()
        guard let reply = replies.first else {
            throw RedisError(code: .protocolError, command: command.name, message: "no reply")
        }
        if case .error(let message) = reply {
            if !message.hasPrefix("NOSCRIPT") { configuration.errorObserver?(.commandFailed) }
            throw RedisError(code: .commandFailed, command: command.name, message: message)
        }
        return reply
    }

    private func execute(
        _ commands: [RedisCommand], isPipeline: Bool, blockingFor timeout: Duration?
    ) async -> Result<[RedisValue], RedisError> {
        let deadline = ContinuousClock.now + configuration.commandTimeout
        let result: Result<[RedisValue], RedisError>
        switch topology.mode {
        case .single:
            result = await executeOnSingleServer(commands, isPipeline: isPipeline, blockingFor: timeout, deadline: deadline)
        case .cluster:
            result = await router.execute(commands, isPipeline: isPipeline, blockingFor: timeout, deadline: deadline)
        case .undetermined:
            guard let error = await topology.decide(with: { await self.probeTopology(deadline: deadline) }) else {
                return await execute(commands, isPipeline: isPipeline, blockingFor: timeout)
            }
            result = .failure(error.naming(isPipeline ? "PIPELINE" : commands.first?.name ?? "PIPELINE"))
        }
        if case .failure(let error) = result, error.code != .cancelled, let observer = configuration.errorObserver {
            observer(error.code)
        }
        return result
    }

    /// The one server's path: the request goes to the client's own thread.
    func executeOnSingleServer(
        _ commands: [RedisCommand], isPipeline: Bool, blockingFor timeout: Duration?, deadline: ContinuousClock.Instant
    ) async -> Result<[RedisValue], RedisError> {
        let request = RedisRequest(commands: commands, isPipeline: isPipeline, blockingTimeout: timeout, deadline: deadline)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.enqueue(request, continuation: continuation)
            }
        } onCancel: {
            queue.cancel(request)
        }
    }
}
