import PaylinkRedis

extension RateLimitScripts {
    /// Reads a merchant's fleet limit for an operator, by the Redis clock.
    ///
    /// Keys: limit, permits. Returns `{pause remaining µs, strikes, permits in flight}` as text
    /// (`%.0f`, so a damaged value such as `inf` comes back as words, not as an overflowing integer).
    static let status = LuaScript<RateLimitKeys, Never>(
        keys: [.limit, .permits],
        body: prelude + """
        local h = redis.call('HMGET', limitKey, L.pauseUntil, L.strikes)
        local pauseUntil, strikes = tonumber(h[1]) or 0, tonumber(h[2]) or 0
        local inFlight = redis.call('ZCOUNT', permitsKey, '(' .. fmt(now), '+inf')
        return {fmt(pauseUntil - now), fmt(strikes), inFlight}
        """)

    /// Ends a merchant's fleet pause now: the next slot is now, at the ramp's starting rate (the
    /// steps after a pause end), the doubling backoff starts over, and a late refusal of a call
    /// sent before the resume still counts as the old storm. Nothing changes when no pause runs.
    ///
    /// Keys: limit. Returns the pause that was left (µs, as text; "0" when none ran).
    static let resume = LuaScript<RateLimitKeys, Never>(
        keys: [.limit],
        body: prelude + """
        local h = redis.call('HMGET', limitKey, L.tat, L.pauseUntil)
        local tat, pauseUntil = tonumber(h[1]) or 0, tonumber(h[2]) or 0
        local left = pauseUntil - now
        -- `x ~= x` is true only for NaN: a damaged hash counts as paused.
        if not (left > 0 or left ~= left or tat ~= tat or tat > now + 86400000000) then return '0' end
        if tat ~= tat or tat > now then tat = now end
        redis.call('HSET', limitKey, L.tat, fmt(tat), L.pauseUntil, fmt(now), L.pausedAt, fmt(now), L.strikes, 0)
        if left ~= left or left < 0 then left = 0 end
        return fmt(left)
        """)
}
