import PaylinkRedis

extension QueueScripts {
    /// Registers orders in a batch before they are pushed, so the batch's `total` is known before
    /// any of them can finish. Each orderId counts once, however often it is registered.
    /// New orders reopen a finished batch.
    ///
    /// Keys: batches, config, then the batch's hash and orders set. ARGV: batchId, then orderIds.
    /// Returns how many orders were new to the batch.
    static let registerBatch = LuaScript<QueueKeys, String>(
        keys: [.batches, .config], itemKeys: [LuaItemKey("batch") { $0.batch($1) }, LuaItemKey("batchOrders") { $0.batchOrders($1) }],
        body: LuaSnippets.now + """
        local bkey, okey = batchKey(1), batchOrdersKey(1)
        local added = 0
        -- unpack is bounded by Lua's C stack: callers send at most 5,000 orderIds per call.
        if #ARGV > 1 then added = redis.call('SADD', okey, unpack(ARGV, 2)) end
        redis.call('HINCRBY', bkey, B.total, added)
        redis.call('HSETNX', bkey, B.createdAt, now)
        redis.call('HSET', bkey, B.updatedAt, now)
        if added > 0 then redis.call('HDEL', bkey, B.finishedAt) end
        redis.call('ZADD', batchesKey, 'NX', now, ARGV[1])
        local ttl = tonumber(redis.call('HGET', configKey, C.batchRetentionMs)) or 2592000000
        redis.call('PEXPIRE', bkey, ttl)
        redis.call('PEXPIRE', okey, ttl)
        return added
        """)
}
