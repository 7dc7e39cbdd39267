import PaylinkRedis

extension QueueScripts {
    /// Removes dead entries older than a maximum age, then the oldest beyond a maximum count.
    ///
    /// KEYS: dead, deadletters, counts. ARGV: max age ms (-1: no limit), max count (-1: no
    /// limit), most entries removed in one call. Returns how many were removed.
    static let trimDead = RedisScript(
        LuaSnippets.now + LuaSnippets.overLimits + """
        local ids = overLimits(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
        for _, id in ipairs(ids) do
          redis.call('ZREM', KEYS[1], id)
          redis.call('HDEL', KEYS[2], id)
          if string.sub(id, 1, 4) == 'job:' then redis.call('HINCRBY', KEYS[3], 'rejected', -1) end
        end
        return #ids
        """)

    /// Deletes final results older than a maximum age, then the oldest beyond a maximum count.
    /// Results parked as `unknown` wait for an operator and are kept (leaving the index; resolving
    /// them adds them back); an order being processed again is left alone.
    ///
    /// KEYS: finished, counts. ARGV: key prefix, max age ms (-1: no limit), max count (-1: no
    /// limit), most results removed in one call. Returns how many index entries were removed.
    static let trimResults = RedisScript(
        LuaSnippets.now + LuaSnippets.overLimits + """
        local ids = overLimits(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
        for _, id in ipairs(ids) do
          local rkey = ARGV[1] .. 'result:' .. id
          local st = redis.call('HGET', rkey, 'status')
          if st == 'succeeded' or st == 'failed' or st == 'invalid' then
            redis.call('DEL', rkey)
            redis.call('HINCRBY', KEYS[2], st, -1)
          end
          redis.call('ZREM', KEYS[1], id)
        end
        return #ids
        """)
}
