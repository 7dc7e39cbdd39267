import PaylinkRedis

extension SharedTokenStore {
    /// Reads the stored token and how long it has left by Redis's clock, the fleet's one clock.
    ///
    /// Keys: token. Returns nil when absent or unbelievable (an `expiredAt` that is not a
    /// number, NaN, or more than a day ahead: only a hand edit writes one, and a Lua number that
    /// large does not convert to a Redis integer), else `{token, remaining ms, generation}`.
    static let readScript = LuaScript<TokenKeys, Never>(
        keys: [.token],
        body: LuaSnippets.now + """
        local v = redis.call('HMGET', tokenKey, K.token, K.expiredAt, K.generation)
        if not v[1] or not v[2] then return false end
        local left = tonumber(v[2])
        if not left then return false end
        left = left - now
        if left ~= left or left > 86400000 then return false end
        return {v[1], left, tonumber(v[3]) or 0}
        """)

    /// Stores a newly fetched token (unless it has already expired), expiring the hash with it,
    /// and releases the refresh lock if the caller still owns it.
    ///
    /// Keys: token, tokenLock. ARGV: token, expiredAt (Unix ms), lock owner.
    /// Returns `{generation, remaining ms}`; generation 0 means it was not stored.
    static let saveScript = LuaScript<TokenKeys, Never>(
        keys: [.token, .tokenLock],
        body: LuaSnippets.now + """
        local ttl = tonumber(ARGV[2]) - now
        local generation = 0
        if ttl > 0 then
          generation = (tonumber(redis.call('HGET', tokenKey, K.generation)) or 0) + 1
          redis.call('HSET', tokenKey, K.token, ARGV[1], K.expiredAt, ARGV[2], K.fetchedAt, now, K.generation, generation)
          redis.call('PEXPIRE', tokenKey, ttl)
        end
        if redis.call('GET', tokenLockKey) == ARGV[3] then redis.call('DEL', tokenLockKey) end
        return {generation, ttl}
        """)

    /// Releases the refresh lock only if the caller still owns it (it may have timed out and
    /// passed to another process).
    ///
    /// Keys: tokenLock. ARGV: owner. Returns 1 if released, 0 otherwise.
    static let unlockScript = LuaScript<TokenKeys, Never>(
        keys: [.tokenLock],
        body: """
        if redis.call('GET', tokenLockKey) == ARGV[1] then return redis.call('DEL', tokenLockKey) end
        return 0
        """)

    /// Deletes the stored token only if it is still the one the API refused, so many processes
    /// reporting the same refusal delete it once and never delete its replacement.
    ///
    /// Keys: token. ARGV: the refused token. Returns 1 if deleted, 0 otherwise.
    static let invalidateScript = LuaScript<TokenKeys, Never>(
        keys: [.token],
        body: """
        if redis.call('HGET', tokenKey, K.token) == ARGV[1] then return redis.call('DEL', tokenKey) end
        return 0
        """)
}
