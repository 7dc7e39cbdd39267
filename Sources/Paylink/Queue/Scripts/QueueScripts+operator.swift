import PaylinkRedis

extension QueueScripts {
    /// Sends dead entries through the queue again: each element is pushed back like a new order,
    /// and a `failed` result becomes `queued` with its attempts reset. An entry whose last call
    /// may have created a link keeps that mark (the result's `unsure`), so it is sent flagged
    /// `possibleDuplicate`, or parked under the `park` policy.
    ///
    /// KEYS: dead, deadletters, pending, counts. ARGV: key prefix, then entry IDs.
    /// Returns how many went back.
    static let retryDead = RedisScript(
        LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + """
        local prefix = ARGV[1]

        """ + LuaSnippets.finalStatus + """
        local n = 0
        for i = 2, #ARGV do
          local id = ARGV[i]
          local record = redis.call('HGET', KEYS[2], id)
          if record then
            local ok, entry = pcall(cjson.decode, record)
            if ok and type(entry) == 'table' and type(entry['element']) == 'string' and entry['element'] ~= '' then
              redis.call('LPUSH', KEYS[3], entry['element'])
              n = n + 1
              if isId(entry['orderId']) then
                local rkey = ARGV[1] .. 'result:' .. entry['orderId']
                -- The mark outlives the result (retention may have trimmed it): the next claim
                -- then follows the ambiguous policy.
                if entry['mayHaveLink'] == true then redis.call('HSET', rkey, 'unsure', '1') end
                local st = redis.call('HGET', rkey, 'status')
                if st == 'failed' then
                  move(KEYS[4], st, 'queued')
                  redis.call('HDEL', rkey, 'rateLimitWaits')
                  redis.call('HSET', rkey, 'status', 'queued', 'attempts', 0, 'updatedAt', now)
                  finalStatus('queued', entry['orderId'], redis.call('HGET', rkey, 'batchId'), st)
                end
              end
            end
            if string.sub(id, 1, 4) == 'job:' then redis.call('HINCRBY', KEYS[4], 'rejected', -1) end
          end
          redis.call('ZREM', KEYS[1], id)
          redis.call('HDEL', KEYS[2], id)
        end
        return n
        """)

    /// An operator's decision on an order parked as `unknown`: `retry` sends it again (flagged
    /// `possibleDuplicate`, since a link may exist); `fail` ends it as `failed` with the
    /// operator's message (for example after finding no link at OTT Pay).
    ///
    /// KEYS: unknown, pending, counts, finished, result hash.
    /// ARGV: orderId, `retry` or `fail`, message, key prefix. Returns 1, or 0 when the order is not parked.
    static let resolveUnknown = RedisScript(
        LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.note + """
        local prefix = ARGV[4]

        """ + LuaSnippets.finalStatus + """
        local raw = redis.call('HGET', KEYS[1], ARGV[1])
        if not raw or redis.call('HGET', KEYS[5], 'status') ~= 'unknown' then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        if ARGV[2] == 'retry' then
          move(KEYS[3], 'unknown', 'queued')
          redis.call('HSET', KEYS[5], 'status', 'queued', 'possibleDuplicate', '1', 'updatedAt', now)
          note(KEYS[5], 'operator chose to send again: ' .. ARGV[3])
          redis.call('LPUSH', KEYS[2], raw)
          finalStatus('queued', ARGV[1], redis.call('HGET', KEYS[5], 'batchId'), 'unknown')
        else
          move(KEYS[3], 'unknown', 'failed')
          redis.call('HSET', KEYS[5], 'status', 'failed', 'errorCode', 'resolved',
            'errorMessage', 'resolved by an operator: ' .. ARGV[3], 'updatedAt', now, 'finishedAt', now)
          redis.call('ZADD', KEYS[4], now, ARGV[1])
          finalStatus('failed', ARGV[1], redis.call('HGET', KEYS[5], 'batchId'), 'unknown')
        end
        return 1
        """)
}
