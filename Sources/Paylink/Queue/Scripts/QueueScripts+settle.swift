import PaylinkRedis

extension QueueScripts {
    /// Moves a held job to the retry set, due after a delay; its element stays in `jobs`.
    ///
    /// Only the job that holds the order can: its lease must exist and the result must name it.
    /// When the order already has a final result (a late link from an earlier job was stored),
    /// nothing is overwritten: the job is ended and the caller told so.
    ///
    /// KEYS: inflight, retry, result hash, counts, jobs.
    /// ARGV: jobId, delay ms, `1` when the attempt is refunded (a rate-limit wait; at most 100 per
    /// order), a note when the attempt's outcome is unknown (else empty), errorCode, errorMessage.
    /// Returns 1 when scheduled, 2 when the order was already final (the job is ended), or 0 when
    /// the job was no longer held.
    static let retry = RedisScript(
        LuaSnippets.now + LuaSnippets.move + LuaSnippets.note + LuaSnippets.finalStatuses + """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
        local cur = redis.call('HMGET', KEYS[3], 'status', 'jobId')
        if cur[1] and final[cur[1]] then
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[5], ARGV[1])
          return 2
        end
        if cur[2] ~= ARGV[1] then return 0 end
        local due = now + tonumber(ARGV[2])
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], due, ARGV[1])
        move(KEYS[4], cur[1], 'retrying')
        redis.call('HDEL', KEYS[3], 'worker', 'sendingAt')
        redis.call('HSET', KEYS[3], 'status', 'retrying', 'nextAttemptAt', due,
          'errorCode', ARGV[5], 'errorMessage', ARGV[6], 'updatedAt', now)
        if ARGV[3] == '1' and redis.call('HINCRBY', KEYS[3], 'rateLimitWaits', 1) <= 100 then
          redis.call('HINCRBY', KEYS[3], 'attempts', -1)
        end
        if ARGV[4] ~= '' then
          redis.call('HSET', KEYS[3], 'unsure', '1')
          note(KEYS[3], ARGV[4])
        end
        return 1
        """)

    /// Puts held jobs back at the consumer end of `pending` (taken next), ending their leases.
    /// An order whose call was surely not sent gets its attempt back; one whose call may have gone
    /// out is flagged unsure, so its next claim follows the ambiguous policy.
    ///
    /// An order whose result became final meanwhile (a late link) is not put back.
    ///
    /// KEYS: inflight, jobs, pending, counts. ARGV: key prefix, then pairs of jobId and `1` when
    /// the call may have been sent. Returns how many went back.
    static let release = RedisScript(
        LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.note + LuaSnippets.finalStatuses + """
        local n = 0
        for i = 2, #ARGV, 2 do
          local id = ARGV[i]
          local raw = redis.call('HGET', KEYS[2], id)
          if raw and redis.call('ZSCORE', KEYS[1], id) then
            local orderId = orderIdOf(raw)
            local rkey = orderId and (ARGV[1] .. 'result:' .. orderId)
            local cur = rkey and redis.call('HMGET', rkey, 'status', 'jobId') or {}
            if cur[2] == id then
              redis.call('RPUSH', KEYS[3], raw)
              n = n + 1
              move(KEYS[4], cur[1], 'queued')
              redis.call('HDEL', rkey, 'jobId', 'worker', 'sendingAt')
              redis.call('HSET', rkey, 'status', 'queued', 'updatedAt', now)
              if ARGV[i + 1] == '1' then
                redis.call('HSET', rkey, 'unsure', '1')
                note(rkey, 'attempt ' .. (redis.call('HGET', rkey, 'attempts') or '?') .. ': stopped while sending')
              else
                redis.call('HINCRBY', rkey, 'attempts', -1)
              end
            elseif not (cur[1] and final[cur[1]]) then
              -- No readable order, or one whose result names no job of ours: back as it came.
              -- An order that already ended (a late link) is not sent again.
              redis.call('RPUSH', KEYS[3], raw)
              n = n + 1
            end
          end
          redis.call('ZREM', KEYS[1], id)
          redis.call('HDEL', KEYS[2], id)
        end
        return n
        """)

    /// Settles a held element the worker could not read as an order. When an orderId can still be
    /// read from it, the order gets an `invalid` result with the reason; otherwise the element goes
    /// to the dead list, raw, as entry `job:<jobId>`.
    ///
    /// KEYS: inflight, jobs, dead, deadletters, counts, finished. ARGV: jobId, reason, key prefix.
    /// Returns 1, or 0 when no longer held.
    static let reject = RedisScript(
        LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.batchOf + """
        local prefix = ARGV[3]

        """ + LuaSnippets.finalStatus + """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
        local raw = redis.call('HGET', KEYS[2], ARGV[1]) or ''
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        local orderId = orderIdOf(raw)
        local rkey = orderId and (ARGV[3] .. 'result:' .. orderId)
        if rkey and redis.call('HGET', rkey, 'jobId') == ARGV[1] then
          local from = redis.call('HGET', rkey, 'status')
          move(KEYS[5], from, 'invalid')
          redis.call('HDEL', rkey, 'jobId', 'worker', 'sendingAt', 'unsure', 'nextAttemptAt')
          redis.call('HSET', rkey, 'status', 'invalid', 'attempts', '0', 'errorCode', 'invalid_element',
            'errorMessage', ARGV[2], 'updatedAt', now, 'finishedAt', now)
          redis.call('ZADD', KEYS[6], now, orderId)
          local batchId = batchOf(raw)
          if batchId then redis.call('HSET', rkey, 'batchId', batchId) end
          finalStatus('invalid', orderId, batchId, from)
          return 1
        end
        local id = 'job:' .. ARGV[1]
        redis.call('ZADD', KEYS[3], now, id)
        redis.call('HSET', KEYS[4], id, cjson.encode({id = id, reason = ARGV[2], errorCode = 'unreadable',
          errorMessage = ARGV[2], attempts = 0, deadAt = now, element = raw}))
        redis.call('HINCRBY', KEYS[5], 'rejected', 1)
        return 1
        """)
}
