import PaylinkRedis

/// The Lua scripts that change a queue's state. Each is one atomic step, so any number of worker
/// processes can share a queue. Scripts reach result hashes by building their names from the
/// queue's prefix: the hash tag keeps them in the queue's Redis Cluster slot.
enum QueueScripts {
    /// Takes up to N orders for one worker and marks each `sending` in the same step.
    ///
    /// Per element: an orderId that already has a `succeeded` (or parked `unknown`) result, or is
    /// held right now by a live job, is not sent again: the push is counted as a duplicate and
    /// dropped. An order whose previous attempt may have gone out (its job vanished while
    /// `sending`, or it was flagged unsure) is parked as `unknown` under the `park` policy, and
    /// otherwise sent again with `possibleDuplicate` set.
    ///
    /// KEYS: pending, inflight, jobs, seq, counts, retry, unknown, finished.
    /// ARGV: max count, lease ms, key prefix, worker name, policy (`retry` or `park`).
    /// Returns a flat array `[jobId, element, attempt, ...]` (empty when nothing waits).
    static let claim = RedisScript(
        LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.note + LuaSnippets.batchOf
            + LuaSnippets.callInChunks + """
        local prefix = ARGV[3]

        """ + LuaSnippets.finalStatus + """
        local items = redis.call('RPOP', KEYS[1], ARGV[1])
        if not items then return {} end
        local deadline = tostring(now + tonumber(ARGV[2]))
        local worker, park = ARGV[4], ARGV[5] == 'park'
        local out = {}
        -- Job IDs for the whole batch in one step (a duplicate leaves a gap, which is harmless),
        -- and the counts changes summed and written once at the end.
        local nextId = redis.call('INCRBY', KEYS[4], #items) - #items
        local sending = 0
        -- Leases and held elements are written once for the batch, at the end; `claimed` lets
        -- a second copy of an order in this same batch see the first as live.
        local leases, held, claimed = {}, {}, {}
        for _, raw in ipairs(items) do
          local orderId = orderIdOf(raw)
          local attempt = 0
          local take = true
          local createdAt = nil
          if orderId then
            local rkey = prefix .. 'result:' .. orderId
            local r = redis.call('HMGET', rkey, 'status', 'jobId', 'attempts', 'unsure', 'createdAt')
            createdAt = r[5]
            local st = r[1]
            local live = r[2] and ((st == 'sending' and (claimed[r[2]] or redis.call('ZSCORE', KEYS[2], r[2])))
              or (st == 'retrying' and redis.call('ZSCORE', KEYS[6], r[2])))
            if st == 'succeeded' or st == 'unknown' or live then
              redis.call('HINCRBY', rkey, 'duplicates', 1)
              redis.call('HINCRBY', KEYS[5], 'duplicate', 1)
              take = false
            else
              attempt = (tonumber(r[3]) or 0) + 1
              local unsure = r[4] == '1' or st == 'sending'
              if st == 'sending' then note(rkey, 'attempt ' .. (attempt - 1) .. ': worker lost while sending') end
              if unsure and park then
                move(KEYS[5], st, 'unknown')
                redis.call('HDEL', rkey, 'jobId', 'unsure', 'worker', 'sendingAt', 'nextAttemptAt')
                redis.call('HSET', rkey, 'status', 'unknown', 'errorCode', 'ambiguous',
                  'errorMessage', 'an earlier attempt may have created a link; parked for an operator',
                  'updatedAt', now, 'finishedAt', now)
                redis.call('HSET', KEYS[7], orderId, raw)
                redis.call('ZADD', KEYS[8], now, orderId)
                finalStatus('unknown', orderId, redis.call('HGET', rkey, 'batchId') or batchOf(raw), st)
                take = false
              else
                if st then redis.call('HINCRBY', KEYS[5], st, -1) end
                sending = sending + 1
                if unsure then
                  redis.call('HDEL', rkey, 'unsure')
                  redis.call('HSET', rkey, 'possibleDuplicate', '1')
                end
              end
            end
          end
          nextId = nextId + 1
          if take then
            local id = tostring(nextId)
            if orderId then
              redis.call('HSET', prefix .. 'result:' .. orderId, 'status', 'sending', 'jobId', id,
                'attempts', tostring(attempt), 'sendingAt', nowText, 'updatedAt', nowText, 'worker', worker,
                'orderId', orderId, 'createdAt', createdAt or nowText)
            end
            claimed[id] = true
            leases[#leases + 1] = deadline
            leases[#leases + 1] = id
            held[#held + 1] = id
            held[#held + 1] = raw
            out[#out + 1] = id
            out[#out + 1] = raw
            out[#out + 1] = attempt
          end
        end
        if sending > 0 then redis.call('HINCRBY', KEYS[5], 'sending', sending) end
        callInChunks('ZADD', KEYS[2], leases)
        callInChunks('HSET', KEYS[3], held)
        return out
        """)
}
