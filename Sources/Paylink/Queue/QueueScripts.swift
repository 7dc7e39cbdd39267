import PaylinkRedis

/// The Lua scripts that change a queue's state. Each is one atomic step; all take their time from
/// Redis (`TIME`) so that workers' clocks never matter.
enum QueueScripts {
    /// Takes up to N orders for one worker: moves them from `pending` into `inflight` with a lease.
    ///
    /// KEYS: pending, inflight, jobs, seq. ARGV: max count, lease ms.
    /// Returns a flat array `[jobId, element, jobId, element, ...]` (empty when nothing waits).
    static let claim = RedisScript(
        """
        local items = redis.call('RPOP', KEYS[1], ARGV[1])
        if not items then return {} end
        local t = redis.call('TIME')
        local deadline = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[2])
        local last = redis.call('INCRBY', KEYS[4], #items)
        local out = {}
        for i, raw in ipairs(items) do
          local id = tostring(last - #items + i)
          redis.call('ZADD', KEYS[2], deadline, id)
          redis.call('HSET', KEYS[3], id, raw)
          out[#out + 1] = id
          out[#out + 1] = raw
        end
        return out
        """)

    /// Stores a job's result and acknowledges it in one step: never acknowledged before stored.
    ///
    /// KEYS: inflight, jobs, result hash, counts. ARGV: jobId, status, then field/value pairs.
    /// Returns 1 when acknowledged; 0 when the job was no longer held (its lease expired and it
    /// went back to the queue): then a `succeeded` result is still stored, since the link exists,
    /// but the new holder's job is left alone.
    static let acknowledge = RedisScript(
        """
        local held = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not held and ARGV[2] ~= 'succeeded' then return 0 end
        local t = redis.call('TIME')
        local now = tostring(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
        local old = redis.call('HMGET', KEYS[3], 'status', 'createdAt')
        if old[1] then redis.call('HINCRBY', KEYS[4], old[1], -1) end
        redis.call('HINCRBY', KEYS[4], ARGV[2], 1)
        redis.call('DEL', KEYS[3])
        redis.call('HSET', KEYS[3], 'status', ARGV[2], 'createdAt', old[2] or now, 'updatedAt', now, unpack(ARGV, 3))
        if not held then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 1
        """)

    /// Moves a held element with no usable orderId to the `rejected` list, with the reason.
    ///
    /// KEYS: inflight, jobs, rejected. ARGV: jobId, reason. Returns 1, or 0 when no longer held.
    static let reject = RedisScript(
        """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
        local raw = redis.call('HGET', KEYS[2], ARGV[1])
        local t = redis.call('TIME')
        local record = cjson.encode({reason = ARGV[2], rejectedAt = tonumber(t[1]) * 1000, element = raw or ''})
        redis.call('LPUSH', KEYS[3], record)
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 1
        """)

    /// Puts held jobs back at the consumer end of `pending` (taken next), ending their leases.
    ///
    /// KEYS: inflight, jobs, pending. ARGV: job IDs. Returns how many went back.
    static let release = RedisScript(
        """
        local n = 0
        for _, id in ipairs(ARGV) do
          local raw = redis.call('HGET', KEYS[2], id)
          if raw then
            redis.call('RPUSH', KEYS[3], raw)
            n = n + 1
          end
          redis.call('ZREM', KEYS[1], id)
          redis.call('HDEL', KEYS[2], id)
        end
        return n
        """)

    /// Extends the leases of jobs still held; a job whose lease already went is not revived.
    ///
    /// KEYS: inflight. ARGV: lease ms, then job IDs. Returns the IDs no longer held.
    static let renew = RedisScript(
        """
        local t = redis.call('TIME')
        local deadline = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
        local lost = {}
        for i = 2, #ARGV do
          if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
            redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[i])
          else
            lost[#lost + 1] = ARGV[i]
          end
        end
        return lost
        """)

    /// Returns jobs whose lease expired (their worker died or lost Redis) to the queue.
    ///
    /// KEYS: inflight, jobs, pending. ARGV: max count. Returns how many went back.
    static let recoverExpired = RedisScript(
        """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
        for _, id in ipairs(ids) do
          local raw = redis.call('HGET', KEYS[2], id)
          if raw then redis.call('RPUSH', KEYS[3], raw) end
          redis.call('ZREM', KEYS[1], id)
          redis.call('HDEL', KEYS[2], id)
        end
        return #ids
        """)
}
