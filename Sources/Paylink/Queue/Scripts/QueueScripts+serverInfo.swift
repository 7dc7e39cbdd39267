import PaylinkRedis

extension QueueScripts {
    /// `INFO server` of the Redis node that holds the queue: the restart watch reads its `run_id`.
    ///
    /// A plain `INFO` names no key, so in a Redis Cluster it goes to any master, and every master
    /// has its own `run_id`: the watch saw a "restart" at nearly every look and stored its recent
    /// links again each time (ClusterFleetTests). Declaring one of the queue's keys runs it on the
    /// queue's own master, whose `run_id` is the one that tells whether the queue's writes may
    /// have been lost. Used only on a cluster: elsewhere the watch sends `INFO server` itself.
    ///
    /// Keys: counts (for routing only). Returns the `INFO server` text.
    static let serverInfo = LuaScript<QueueKeys, Never>(
        keys: [.counts],
        body: """
        -- countsKey only routes the call to the node that holds the queue.
        local _ = countsKey
        return redis.call('INFO', 'server')
        """)
}
