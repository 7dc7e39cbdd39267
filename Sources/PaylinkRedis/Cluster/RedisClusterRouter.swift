import Logging
import Synchronization

/// The cluster side of a ``RedisClient``: keeps the slot map and one connection per master, and
/// sends each command to the master of its key's slot.
///
/// Each node gets the same machinery as a single server (a ``RedisRequestQueue`` and its
/// ``RedisConnectionLoop`` thread, so everything queued for one node goes out as one pipelined
/// write), created on first use and closed when a refreshed map no longer names the node. A
/// node's queue fails requests as soon as it cannot connect, so the router can look for the
/// slot's new master (a promoted replica) instead of waiting on a dead one.
/// Redirections are in `RedisClusterRouter+execute.swift`, map refreshes in `+refresh.swift`.
final class RedisClusterRouter: Sendable {
    let configuration: RedisConfiguration
    /// The nodes the URL names: where discovery starts and where a refresh asks when no known node answers.
    let seeds: [RedisNodeAddress]
    let logger: Logger
    let state = Mutex(State())

    struct State: ~Copyable {
        var map = RedisClusterSlotMap()
        var nodes: [RedisNodeAddress: RedisRequestQueue] = [:]
        /// Whether a refresh is being read now (at most one at a time).
        var isRefreshing = false
        /// When the last refresh started, for rate limiting.
        var lastRefresh: ContinuousClock.Instant?
        var isShutdown = false
        /// Spreads keyless commands over the masters.
        var nextAnyNode = 0
    }

    /// Refreshes start at most this often, however many `MOVED` replies arrive.
    static let minimumRefreshInterval = Duration.milliseconds(100)

    init(configuration: RedisConfiguration, seeds: [RedisNodeAddress], logger: Logger) {
        self.configuration = configuration
        self.seeds = seeds
        self.logger = logger
    }

    /// The current map (a copy: the slot table is shared until the router replaces it).
    var map: RedisClusterSlotMap { state.withLock { $0.map } }

    /// The master the map gives `slot`, read without copying the map.
    func owner(ofSlot slot: Int) -> RedisNodeAddress? {
        state.withLock { $0.map.owner(ofSlot: slot) }
    }

    /// Replaces the map and closes the connections to nodes that serve no slot any more.
    func install(_ map: RedisClusterSlotMap) {
        let retired = state.withLock { state -> [RedisRequestQueue] in
            state.map = map
            let gone = state.nodes.keys.filter { !map.masters.contains($0) }
            return gone.compactMap { state.nodes.removeValue(forKey: $0) }
        }
        for queue in retired { queue.close(because: "the node serves no slot in the cluster's map any more") }
    }

    /// Points one slot at a new master after `MOVED`, until the next refresh confirms it.
    func patch(slot: Int, to node: RedisNodeAddress) {
        state.withLock { $0.map.assign(slot...slot, to: node) }
    }

    /// A node for a keyless command: the masters in turn, or a seed while no map is known.
    func anyNode() -> RedisNodeAddress {
        state.withLock { state in
            let masters = state.map.masters
            guard !masters.isEmpty else { return seeds[0] }
            state.nextAnyNode = (state.nextAnyNode + 1) % masters.count
            return masters[state.nextAnyNode]
        }
    }

    /// Closes every node's connection; queued and later commands fail with `.closed`.
    func shutdown() {
        let queues = state.withLock { state in
            state.isShutdown = true
            defer { state.nodes.removeAll() }
            return Array(state.nodes.values)
        }
        for queue in queues { queue.close() }
    }

    var isShutdown: Bool { state.withLock { $0.isShutdown } }

    /// Sends `commands` to `node` in one request of its queue, as ``RedisClient`` does for one server.
    func submit(
        _ commands: [RedisCommand], to node: RedisNodeAddress, isPipeline: Bool, blockingFor timeout: Duration?,
        deadline: ContinuousClock.Instant
    ) async -> Result<[RedisValue], RedisError> {
        let request = RedisRequest(commands: commands, isPipeline: isPipeline, blockingTimeout: timeout, deadline: deadline)
        guard let queue = queue(for: node) else {
            return .failure(RedisError(code: .closed, command: request.label, message: "the client was shut down"))
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.enqueue(request, continuation: continuation)
            }
        } onCancel: {
            queue.cancel(request)
        }
    }

    /// The node's queue, started on first use; `nil` once the router is shut down.
    private func queue(for node: RedisNodeAddress) -> RedisRequestQueue? {
        let (queue, isNew) = state.withLock { state -> (RedisRequestQueue?, Bool) in
            if state.isShutdown { return (nil, false) }
            if let queue = state.nodes[node] { return (queue, false) }
            let queue = RedisRequestQueue(failsWhileDisconnected: true)
            state.nodes[node] = queue
            return (queue, true)
        }
        if let queue, isNew {
            // The node's own URL: same credentials and TLS settings, the node's host and port.
            var nodeConfiguration = configuration
            nodeConfiguration.url.host = node.host
            nodeConfiguration.url.port = node.port
            var nodeLogger = logger
            nodeLogger[metadataKey: "redis_node"] = "\(node)"
            RedisConnectionLoop(configuration: nodeConfiguration, queue: queue, logger: nodeLogger).start()
        }
        return queue
    }
}
