import PaylinkRedis

extension QueueScripts {
    /// Stores final results and acknowledges their jobs, any number per call (group commit): each
    /// job is never acknowledged before its result is stored, and the whole call is one step.
    ///
    /// A `failed` order also enters the dead list; an `unknown` one is parked for an operator. A
    /// stored `succeeded` result is never overwritten: a second link (two workers raced after a
    /// lost lease) only flags it `possibleDuplicate` and is recorded in `otherPaymentIds`.
    /// When a job is no longer held, only a `succeeded` result is stored, since the link exists.
    /// The raw element is read only when it is needed: for the dead list, for parking, or for a
    /// batchId the worker could not read.
    ///
    /// KEYS: inflight, jobs, counts, finished, dead, deadletters, unknown.
    /// ARGV: key prefix, then per job: jobId, status, orderId, `1` when the fields carry the
    /// order's batchId or the order has none, the number of field/value strings, those strings.
    /// Returns one integer per job: 1 when acknowledged, 0 when the job was no longer held.
    static let acknowledge = RedisScript(
        LuaSnippets.now + LuaSnippets.batchOf + LuaSnippets.callInChunks + """
        local prefix = ARGV[1]

        """ + LuaSnippets.finalStatus + """
        -- Status count changes, the `finished` index and the settled jobs' elements of the whole
        -- call, written once at the end.
        local deltas, finished, settled = {}, {}, {}
        local function move(from, to)
          if from == to then return end
          if from then deltas[from] = (deltas[from] or 0) - 1 end
          deltas[to] = (deltas[to] or 0) + 1
        end
        local function acknowledgeOne(jobId, status, orderId, batchKnown, first, last)
          -- Ending the lease first is safe: the whole call is one step, and a refused job changes nothing.
          local held = redis.call('ZREM', KEYS[1], jobId) == 1
          if not held and status ~= 'succeeded' then return 0 end
          local raw = nil
          local function element()
            if raw == nil then raw = redis.call('HGET', KEYS[2], jobId) or false end
            return raw or nil
          end
          local function settle()
            if held then settled[#settled + 1] = jobId end
            return held and 1 or 0
          end
          local fields = {}
          for i = first, last, 2 do fields[ARGV[i]] = ARGV[i + 1] end
          local rkey = prefix .. 'result:' .. orderId
          local cur = redis.call('HMGET', rkey, 'status', 'paymentId', 'jobId', 'batchId', 'createdAt')
          if cur[1] == 'succeeded' then
            if status == 'succeeded' and fields['paymentId'] ~= cur[2] then
              local others = redis.call('HGET', rkey, 'otherPaymentIds')
              local id = fields['paymentId'] or '?'
              redis.call('HSET', rkey, 'possibleDuplicate', '1', 'otherPaymentIds', others and (others .. ',' .. id) or id)
            end
            return settle()
          end
          if not held and cur[3] and cur[3] ~= jobId then
            -- A late link while another job holds the order: store it; that job's call is a possible duplicate.
            redis.call('HSET', rkey, 'possibleDuplicate', '1')
          end
          move(cur[1], status)
          redis.call('HDEL', rkey, 'errorCode', 'errorMessage', 'unsure', 'jobId', 'worker', 'sendingAt', 'nextAttemptAt')
          redis.call('HSET', rkey, 'status', status, 'orderId', orderId, 'createdAt', cur[5] or nowText, 'updatedAt', nowText,
            'finishedAt', nowText, unpack(ARGV, first, last))
          local batchId = fields['batchId'] or cur[4]
          if not batchId and not batchKnown then
            batchId = batchOf(element())
            if batchId then redis.call('HSET', rkey, 'batchId', batchId) end
          end
          finalStatus(status, orderId, batchId, cur[1])
          finished[#finished + 1] = nowText
          finished[#finished + 1] = orderId
          if status == 'failed' then
            local record = cjson.encode({id = orderId, orderId = orderId, reason = 'failed',
              errorCode = fields['errorCode'] or '', errorMessage = fields['errorMessage'] or '',
              attempts = tonumber(redis.call('HGET', rkey, 'attempts')) or 0, deadAt = now, element = element() or ''})
            redis.call('ZADD', KEYS[5], now, orderId)
            redis.call('HSET', KEYS[6], orderId, record)
          elseif status == 'unknown' then
            redis.call('HSET', KEYS[7], orderId, element() or '')
          end
          return settle()
        end
        local out = {}
        local i = 2
        while i <= #ARGV do
          local first, last = i + 5, i + 4 + tonumber(ARGV[i + 4])
          out[#out + 1] = acknowledgeOne(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3] == '1', first, last)
          i = last + 1
        end
        for status, n in pairs(deltas) do
          if n ~= 0 then redis.call('HINCRBY', KEYS[3], status, n) end
        end
        callInChunks('ZADD', KEYS[4], finished)
        callInChunks('HDEL', KEYS[2], settled)
        return out
        """)
}
