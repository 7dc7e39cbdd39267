import PaylinkRedis

extension QueueScripts {
    /// Stores a job's final result and acknowledges it in one step: never acknowledged before stored.
    ///
    /// A `failed` order also enters the dead list; an `unknown` one is parked for an operator. A
    /// stored `succeeded` result is never overwritten: a second link (two workers raced after a
    /// lost lease) only flags it `possibleDuplicate` and is recorded in `otherPaymentIds`.
    /// When the job is no longer held, only a `succeeded` result is stored, since the link exists.
    ///
    /// KEYS: inflight, jobs, result hash, counts, finished, dead, deadletters, unknown.
    /// ARGV: jobId, status, orderId, key prefix, then field/value pairs.
    /// Returns 1 when acknowledged, 0 when the job was no longer held.
    static let acknowledge = RedisScript(
        LuaSnippets.now + LuaSnippets.move + LuaSnippets.batchOf + """
        local prefix = ARGV[4]

        """ + LuaSnippets.finalStatus + """
        local held = redis.call('ZSCORE', KEYS[1], ARGV[1])
        local status, orderId = ARGV[2], ARGV[3]
        if not held and status ~= 'succeeded' then return 0 end
        local raw = redis.call('HGET', KEYS[2], ARGV[1])
        local function settle()
          if held then
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[2], ARGV[1])
          end
          return held and 1 or 0
        end
        local fields = {}
        for i = 5, #ARGV, 2 do fields[ARGV[i]] = ARGV[i + 1] end
        local cur = redis.call('HMGET', KEYS[3], 'status', 'paymentId', 'jobId', 'batchId', 'createdAt')
        if cur[1] == 'succeeded' then
          if status == 'succeeded' and fields['paymentId'] ~= cur[2] then
            local others = redis.call('HGET', KEYS[3], 'otherPaymentIds')
            local id = fields['paymentId'] or '?'
            redis.call('HSET', KEYS[3], 'possibleDuplicate', '1', 'otherPaymentIds', others and (others .. ',' .. id) or id)
          end
          return settle()
        end
        if not held and cur[3] and cur[3] ~= ARGV[1] then
          -- A late link while another job holds the order: store it; that job's call is a possible duplicate.
          redis.call('HSET', KEYS[3], 'possibleDuplicate', '1')
        end
        move(KEYS[4], cur[1], status)
        redis.call('HDEL', KEYS[3], 'errorCode', 'errorMessage', 'unsure', 'jobId', 'worker', 'sendingAt', 'nextAttemptAt')
        redis.call('HSET', KEYS[3], 'status', status, 'orderId', orderId, 'createdAt', cur[5] or now, 'updatedAt', now,
          'finishedAt', now, unpack(ARGV, 5))
        local batchId = fields['batchId'] or cur[4] or batchOf(raw)
        if batchId then redis.call('HSET', KEYS[3], 'batchId', batchId) end
        finalStatus(status, orderId, batchId, cur[1])
        redis.call('ZADD', KEYS[5], now, orderId)
        if status == 'failed' then
          local record = cjson.encode({id = orderId, orderId = orderId, reason = 'failed',
            errorCode = fields['errorCode'] or '', errorMessage = fields['errorMessage'] or '',
            attempts = tonumber(redis.call('HGET', KEYS[3], 'attempts')) or 0, deadAt = now, element = raw or ''})
          redis.call('ZADD', KEYS[6], now, orderId)
          redis.call('HSET', KEYS[7], orderId, record)
        elseif status == 'unknown' then
          redis.call('HSET', KEYS[8], orderId, raw or '')
        end
        return settle()
        """)

    /// Moves a held job to the retry set, due after a delay; its element stays in `jobs`.
    ///
    /// KEYS: inflight, retry, result hash, counts.
    /// ARGV: jobId, delay ms, `1` when the attempt is refunded (a rate-limit wait; at most 100 per
    /// order), a note when the attempt's outcome is unknown (else empty), errorCode, errorMessage.
    /// Returns 1, or 0 when the job was no longer held.
    static let retry = RedisScript(
        LuaSnippets.now + LuaSnippets.move + LuaSnippets.note + """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
        local due = now + tonumber(ARGV[2])
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], due, ARGV[1])
        move(KEYS[4], redis.call('HGET', KEYS[3], 'status'), 'retrying')
        redis.call('HDEL', KEYS[3], 'worker', 'sendingAt')
        redis.call('HSET', KEYS[3], 'status', 'retrying', 'jobId', ARGV[1], 'nextAttemptAt', due,
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
    /// KEYS: inflight, jobs, pending, counts. ARGV: key prefix, then pairs of jobId and `1` when
    /// the call may have been sent. Returns how many went back.
    static let release = RedisScript(
        LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.note + """
        local n = 0
        for i = 2, #ARGV, 2 do
          local id = ARGV[i]
          local raw = redis.call('HGET', KEYS[2], id)
          if raw and redis.call('ZSCORE', KEYS[1], id) then
            redis.call('RPUSH', KEYS[3], raw)
            n = n + 1
            local orderId = orderIdOf(raw)
            local rkey = orderId and (ARGV[1] .. 'result:' .. orderId)
            if rkey and redis.call('HGET', rkey, 'jobId') == id then
              move(KEYS[4], redis.call('HGET', rkey, 'status'), 'queued')
              redis.call('HDEL', rkey, 'jobId', 'worker', 'sendingAt')
              redis.call('HSET', rkey, 'status', 'queued', 'updatedAt', now)
              if ARGV[i + 1] == '1' then
                redis.call('HSET', rkey, 'unsure', '1')
                note(rkey, 'attempt ' .. (redis.call('HGET', rkey, 'attempts') or '?') .. ': stopped while sending')
              else
                redis.call('HINCRBY', rkey, 'attempts', -1)
              end
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
