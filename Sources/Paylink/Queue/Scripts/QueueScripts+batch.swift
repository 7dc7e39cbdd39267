import PaylinkRedis

extension QueueScripts {
    /// Registers orders in a batch before they are pushed, so the batch's `total` is known before
    /// any of them can finish. Each orderId counts once, however often it is registered.
    /// New orders reopen a finished batch.
    ///
    /// KEYS: batch hash, batch orders set, batches, config. ARGV: batchId, then orderIds.
    /// Returns how many orders were new to the batch.
    static let registerBatch = RedisScript(
        LuaSnippets.now + """
        local added = 0
        -- unpack is bounded by Lua's C stack: callers send at most 5,000 orderIds per call.
        if #ARGV > 1 then added = redis.call('SADD', KEYS[2], unpack(ARGV, 2)) end
        redis.call('HINCRBY', KEYS[1], 'total', added)
        redis.call('HSETNX', KEYS[1], 'createdAt', now)
        redis.call('HSET', KEYS[1], 'updatedAt', now)
        if added > 0 then redis.call('HDEL', KEYS[1], 'finishedAt') end
        redis.call('ZADD', KEYS[3], 'NX', now, ARGV[1])
        local ttl = tonumber(redis.call('HGET', KEYS[4], 'batchRetentionMs')) or 2592000000
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('PEXPIRE', KEYS[2], ttl)
        return added
        """)
}
