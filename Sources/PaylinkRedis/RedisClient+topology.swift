import Logging

/// Deciding, at the first call, whether the client talks to one server or to a Redis Cluster.
extension RedisClient {
    /// Asks the URL's server whether it is a cluster node. With one host, the question goes over
    /// the client's own connection (which keeps serving a single server afterwards, and waits for
    /// a server that is not up yet as any command would); with several, the router asks the seeds.
    func probeTopology(deadline: ContinuousClock.Instant) async -> Result<RedisTopology.Mode, RedisError> {
        if router.seeds.count > 1 {
            return await router.discover(deadline: deadline).map { .cluster }
        }
        let node = configuration.url.address
        let answer = await RedisClusterRouter.probe(node, usesTLS: configuration.url.usesTLS) { command in
            await executeOnSingleServer([command], isPipeline: false, blockingFor: nil, deadline: deadline)
        }
        switch answer {
        case .success(.singleServer(let reason)):
            if reason.hasPrefix("NOPERM") {
                logger.warning(
                    "Redis refused CLUSTER SHARDS: using it as a single server; a Redis Cluster needs +cluster|shards +cluster|slots +asking in the user's ACL",
                    metadata: ["answer": "\(reason)"])
            } else {
                logger.debug("Redis is a single server", metadata: ["answer": "\(reason)"])
            }
            return .success(.single)
        case .success(.cluster(let map)):
            guard configuration.url.database == 0 else {
                return .failure(RedisClusterRouter.databaseError(configuration.url.database))
            }
            router.install(map)
            logger.info("Redis Cluster found", metadata: ["seed": "\(node)", "masters": "\(map.masters.count)"])
            // Each node gets a connection of its own from the router.
            queue.close(because: "the client follows the cluster's nodes instead")
            return .success(.cluster)
        case .failure(let error):
            // A cluster node refuses SELECT when connecting, before any probe can be read.
            if error.code == .authenticationFailed && error.message.contains("not allowed in cluster mode") {
                return .failure(RedisClusterRouter.databaseError(configuration.url.database))
            }
            return .failure(error)
        }
    }
}
