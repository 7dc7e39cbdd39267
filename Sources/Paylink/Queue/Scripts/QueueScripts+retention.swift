import PaylinkRedis

extension QueueScripts {
    /// Removes dead entries older than a maximum age, then the oldest beyond a maximum count.
    ///
    /// Keys: dead, deadletters, counts. ARGV: max age ms (-1: no limit), max count (-1: no
    /// limit), most entries removed in one call. Returns how many were removed.
    static let trimDead = LuaScript<QueueKeys, Never>(
        keys: [.dead, .deadLetters, .counts],
        body: LuaSnippets.now + LuaSnippets.overLimits + """
        local ids = overLimits(deadKey, tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
        for _, id in ipairs(ids) do
          redis.call('ZREM', deadKey, id)
          redis.call('HDEL', deadLettersKey, id)
          if string.sub(id, 1, 4) == 'job:' then redis.call('HINCRBY', countsKey, N.rejected, -1) end
        end
        return #ids
        """)

    /// Deletes final results older than a maximum age, then the oldest beyond a maximum count.
    /// Results parked as `unknown` wait for an operator and are kept (leaving the index; resolving
    /// them adds them back); an order being processed again is left alone.
    ///
    /// Keys: finished, counts. The orders come from the `finished` index as the script runs, so
    /// their results are reached through `derivedKeys`. ARGV: max age ms (-1: no limit), max count
    /// (-1: no limit), most results removed in one call. Returns how many index entries were removed.
    static let trimResults = LuaScript<QueueKeys, Never>(
        keys: [.finished, .counts], derivedKeys: true,
        body: LuaSnippets.now + LuaSnippets.overLimits + """
        local ids = overLimits(finishedKey, tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
        for _, id in ipairs(ids) do
          local rkey = derivedResultKey(id)
          local st = redis.call('HGET', rkey, F.status)
          if st == S.succeeded or st == S.failed or st == S.invalid then
            redis.call('DEL', rkey)
            redis.call('HINCRBY', countsKey, st, -1)
          end
          redis.call('ZREM', finishedKey, id)
        end
        return #ids
        """)
}
