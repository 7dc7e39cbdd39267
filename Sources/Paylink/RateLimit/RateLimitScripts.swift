import PaylinkRedis

/// The Lua scripts of the fleet limiter. Times are µs of the Redis clock (`TIME`), never a
/// worker's clock, so processes on many machines agree. Values are stored with `%.0f`: Lua's
/// default number format keeps only 14 digits, too few for µs since 1970.
enum RateLimitScripts {
    /// `now` in µs and `fmt(x)`, pasted in front of both scripts.
    static let prelude = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local function fmt(x) return string.format('%.0f', x) end

        """

    /// Reserves the next slot (the steps of `GCRA.reserve`), or confirms a slot reserved before.
    ///
    /// A held slot is confirmed as it is unless a pause declared since overtook it; then, as for a
    /// new reservation, the in-flight cap is checked (a caller already holding a permit passes),
    /// the slot computed, and the permit's expiry set to slot + permit timeout.
    ///
    /// Keys: limit, permits.
    /// ARGV: interval µs, tolerance µs, ramp µs, ramp start fraction, max wait µs, max in flight
    /// (0 = no cap), permit ID, permit timeout µs, held slot µs (-1 for none), cap-full hint µs,
    /// keep µs (how long the state outlives its last slot: the quiet period and a margin).
    /// Returns `{status, µs, slot}`: `{1, wait, slot}` granted; `{0, hint, 0}` the cap is full,
    /// ask again after about `hint`; `{-1, retryIn, 0}` the slot is beyond max wait, ask again after.
    static let reserve = LuaScript<RateLimitKeys, Never>(
        keys: [.limit, .permits],
        body: prelude + """
        local interval, tol, ramp, f0 = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local maxWait, cap, id, timeout = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7], tonumber(ARGV[8])
        local held, hint, keep = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
        local h = redis.call('HMGET', limitKey, L.tat, L.pauseUntil)
        local tat, pauseUntil = tonumber(h[1]) or 0, tonumber(h[2]) or 0
        if held >= 0 and held >= pauseUntil then
          return {1, math.max(0, held - now), held}
        end
        if cap > 0 then
          redis.call('ZREMRANGEBYSCORE', permitsKey, '-inf', fmt(now))
          if not redis.call('ZSCORE', permitsKey, id) and redis.call('ZCARD', permitsKey) >= cap then
            return {0, hint, 0}
          end
        end
        local slot = math.max(now, tat - tol, pauseUntil)
        local step = interval
        if slot < pauseUntil + ramp then
          step = math.floor(interval / (f0 + (1 - f0) * (slot - pauseUntil) / ramp))
        end
        local wait = slot - now
        if wait > maxWait then return {-1, wait - maxWait, 0} end
        local newTat = math.max(tat, slot) + step
        redis.call('HSET', limitKey, L.tat, fmt(newTat))
        redis.call('PEXPIRE', limitKey, math.ceil((math.max(newTat, pauseUntil) - now + keep) / 1000))
        if cap > 0 then
          redis.call('ZADD', permitsKey, fmt(slot + timeout), id)
          redis.call('PEXPIRE', permitsKey, math.ceil((slot + timeout - now) / 1000) + 1000)
        end
        return {1, wait, slot}
        """)

    /// Applies one refusal from the API (the steps of `FleetPause.refuse`, then of
    /// `GCRA.paused`: the burst is spent, so slots after the pause start one at a time).
    ///
    /// Keys: limit.
    /// ARGV: the refused call's slot µs, Retry-After µs (-1 for none), backoff base µs, backoff
    /// cap µs, quiet period µs, keep µs, tolerance µs, max pause µs.
    /// Returns `{isNew, remaining µs, strikes}`: isNew is 1 only for the refusal that declared a
    /// new pause, so only one process logs a storm. The pause never ends later than now + max
    /// pause, whatever the caller passed or the hash held (`x ~= x` is false only for NaN).
    static let pause = LuaScript<RateLimitKeys, Never>(
        keys: [.limit],
        body: prelude + """
        local h = redis.call('HMGET', limitKey, L.tat, L.pauseUntil, L.pausedAt, L.strikes)
        local tat, pauseUntil = tonumber(h[1]) or 0, tonumber(h[2]) or 0
        local pausedAt, strikes = tonumber(h[3]) or 0, tonumber(h[4]) or 0
        local sentAt, retryAfter = tonumber(ARGV[1]), tonumber(ARGV[2])
        local maxPause = math.max(0, tonumber(ARGV[8]) or 3600000000)
        local latest = now + maxPause
        if tat ~= tat then tat = 0 end
        if pauseUntil ~= pauseUntil then pauseUntil = latest end
        if strikes ~= strikes or strikes < 0 or strikes > 1000 then strikes = 0 end
        if retryAfter ~= retryAfter then retryAfter = -1 end
        if retryAfter > maxPause then retryAfter = maxPause end
        local isNew = 0
        if sentAt < pausedAt then
          if retryAfter >= 0 then pauseUntil = math.max(pauseUntil, now + retryAfter) end
        else
          if now - pauseUntil > tonumber(ARGV[5]) then strikes = 0 end
          local length = retryAfter
          if length < 0 then length = math.min(tonumber(ARGV[4]), maxPause, tonumber(ARGV[3]) * 2 ^ math.min(strikes, 30)) end
          strikes = strikes + 1
          pauseUntil = math.max(pauseUntil, now + length)
          pausedAt = now
          isNew = 1
        end
        pauseUntil = math.min(pauseUntil, latest)
        tat = math.min(tat, latest + tonumber(ARGV[7]))
        tat = math.max(tat, pauseUntil + tonumber(ARGV[7]))
        redis.call('HSET', limitKey, L.tat, fmt(tat), L.pauseUntil, fmt(pauseUntil), L.pausedAt, fmt(pausedAt), L.strikes, strikes)
        redis.call('PEXPIRE', limitKey, math.ceil((math.max(tat, pauseUntil) - now + tonumber(ARGV[6])) / 1000))
        return {isNew, pauseUntil - now, strikes}
        """)
}
