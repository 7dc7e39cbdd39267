import Logging
import Synchronization

/// Reading the slot map: at discovery (the seeds in turn), after `MOVED`, and when a node cannot
/// be reached (which is how the replica promoted after its master died is found).
extension RedisClusterRouter {
    /// What a node said when asked for the slot map.
    enum Probe: Sendable {
        /// It is a cluster node; this is its map.
        case cluster(RedisClusterSlotMap)
        /// It is not a cluster node (its error reply, or a reply that is no map), with the reason.
        case singleServer(String)
    }

    /// Asks one node with `CLUSTER SHARDS`, then `CLUSTER SLOTS` if the server is older than 7.0.
    /// - Parameter send: sends one command to the node and returns its reply.
    static func probe(
        _ node: RedisNodeAddress, usesTLS: Bool, send: (RedisCommand) async -> Result<[RedisValue], RedisError>
    ) async -> Result<Probe, RedisError> {
        func reply(_ command: RedisCommand) async -> Result<RedisValue, RedisError> {
            switch await send(command) {
            case .failure(let error): return .failure(error)
            case .success(let replies):
                guard let first = replies.first else {
                    return .failure(RedisError(code: .protocolError, command: command.name, message: "no reply"))
                }
                return .success(first)
            }
        }
        do throws(RedisError) {
            let shards = try await reply(RedisCommand("CLUSTER", "SHARDS")).get()
            if case .error(let message) = shards {
                guard message.lowercased().contains("unknown subcommand") else { return .success(.singleServer(message)) }
                let slots = try await reply(RedisCommand("CLUSTER", "SLOTS")).get()
                if case .error(let message) = slots { return .success(.singleServer(message)) }
                guard slots.array != nil else { return .success(.singleServer("CLUSTER SLOTS gave no list of slots")) }
                return .success(.cluster(try RedisClusterSlotMap.parse(slots: slots, askedNode: node)))
            }
            guard shards.array != nil else { return .success(.singleServer("CLUSTER SHARDS gave no list of shards")) }
            return .success(.cluster(try RedisClusterSlotMap.parse(shards: shards, askedNode: node, usesTLS: usesTLS)))
        } catch {
            return .failure(error)
        }
    }

    /// Asks `node` through its own connection.
    func probe(_ node: RedisNodeAddress, deadline: ContinuousClock.Instant) async -> Result<Probe, RedisError> {
        await Self.probe(node, usesTLS: configuration.url.usesTLS) { command in
            await submit([command], to: node, isPipeline: false, blockingFor: nil, deadline: deadline)
        }
    }

    /// Finds the cluster from the seeds: the first that answers gives the map. Seeds that cannot
    /// be reached are skipped, and the round repeats with backoff until `deadline`.
    func discover(deadline: ContinuousClock.Instant) async -> Result<Void, RedisError> {
        if configuration.url.database != 0 { return .failure(Self.databaseError(configuration.url.database)) }
        var backoff = RedisBackoff(base: configuration.reconnectBackoffBase, cap: configuration.reconnectBackoffCap)
        var lastError = RedisError(code: .connectionFailed, message: "no seed node was tried")
        while true {
            for seed in seeds {
                switch await probe(seed, deadline: deadline) {
                case .success(.cluster(let map)):
                    install(map)
                    logger.info("Redis Cluster found", metadata: ["seed": "\(seed)", "masters": "\(map.masters.count)"])
                    return .success(())
                case .success(.singleServer(let reason)):
                    return .failure(
                        RedisError(
                            code: .invalidURL,
                            message: "\(seed) is not a Redis Cluster node (\(reason)); a URL with several hosts names a cluster's seed nodes"))
                case .failure(let error):
                    if error.code != .connectionFailed { return .failure(error) }
                    lastError = error
                }
            }
            let delay = backoff.nextDelay(jitter: .random(in: 0...1))
            if ContinuousClock.now + delay >= deadline {
                return .failure(
                    RedisError(code: .connectionFailed, message: "no seed node answered within the command timeout (\(lastError.message))"))
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return .failure(RedisError(code: .cancelled, message: "the task was cancelled before sending"))
            }
        }
    }

    /// Reads a fresh map unless another caller is reading one or one was started within
    /// ``minimumRefreshInterval``: many callers meeting `MOVED` at once cost one refresh.
    func refreshIfDue(deadline: ContinuousClock.Instant) async {
        let now = ContinuousClock.now
        let mayStart = state.withLock { state -> Bool in
            if state.isRefreshing || state.isShutdown { return false }
            if let last = state.lastRefresh, now - last < Self.minimumRefreshInterval { return false }
            state.isRefreshing = true
            state.lastRefresh = now
            return true
        }
        guard mayStart else { return }
        defer { state.withLock { $0.isRefreshing = false } }
        await refresh(deadline: deadline)
    }

    /// Asks the known masters, then every other known node, then the seeds, until one answers.
    private func refresh(deadline: ContinuousClock.Instant) async {
        let current = map
        var candidates: [RedisNodeAddress] = []
        for node in current.masters + current.knownNodes + seeds where !candidates.contains(node) { candidates.append(node) }
        var lastError: RedisError?
        for node in candidates where ContinuousClock.now < deadline {
            switch await probe(node, deadline: deadline) {
            case .success(.cluster(let map)) where map.assignedSlotCount > 0:
                if map != current {
                    logger.info("Redis Cluster map changed", metadata: ["from": "\(node)", "masters": "\(map.masters.count)"])
                }
                install(map)
                return
            case .success(.cluster):
                lastError = RedisError(code: .protocolError, message: "\(node) knows no slot")
            case .success(.singleServer(let reason)):
                lastError = RedisError(code: .commandFailed, message: "\(node) is not a cluster node (\(reason))")
            case .failure(let error):
                lastError = error
            }
        }
        logger.warning("Redis Cluster map not refreshed", metadata: ["error": "\(lastError.map { "\($0)" } ?? "no node left")"])
    }

    /// The error for a URL that selects a database other than 0 on a cluster.
    static func databaseError(_ database: Int) -> RedisError {
        RedisError(
            code: .invalidURL,
            message: "the URL selects database \(database), but a Redis Cluster has only database 0: remove /\(database) from the URL")
    }
}
