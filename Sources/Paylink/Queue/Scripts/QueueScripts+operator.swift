import PaylinkRedis

extension QueueScripts {
    /// Sends dead entries through the queue again: each element is pushed back like a new order,
    /// and a `failed` result becomes `queued` with its attempts reset. An entry whose last call
    /// may have created a link keeps that mark (the result's `unsure`), so it is sent flagged
    /// `possibleDuplicate`, or parked under the `park` policy. Nothing is taken off the throughput
    /// hashes: they count outcomes as they happened, and the order is counted again when it ends.
    ///
    /// Keys: dead, deadletters, pending, counts, batches, events, config, then per entry the
    /// result of the order its ID names (an entry ID is its orderId, or `job:<jobId>` for an
    /// element without one). A record naming another orderId, and the results' batches, are
    /// reached through `derivedKeys`. ARGV: the entry IDs. Returns how many went back.
    static let retryDead = LuaScript<QueueKeys, String>(
        keys: [.dead, .deadLetters, .pending, .counts, .batches, .events, .config], itemKeys: [.result { $0 }],
        derivedKeys: true,
        body: LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.finalStatus + """
        local n = 0
        for i = 1, #ARGV do
          local id = ARGV[i]
          local record = redis.call('HGET', deadLettersKey, id)
          if record then
            local ok, entry = pcall(cjson.decode, record)
            if ok and type(entry) == 'table' and type(entry['element']) == 'string' and entry['element'] ~= '' then
              redis.call('LPUSH', pendingKey, entry['element'])
              n = n + 1
              local orderId = entry[F.orderId]
              if isId(orderId) then
                local rkey = orderId == id and resultKey(i) or derivedResultKey(orderId)
                -- The mark outlives the result (retention may have trimmed it): the next claim
                -- then follows the ambiguous policy.
                if entry['mayHaveLink'] == true then redis.call('HSET', rkey, F.unsure, '1') end
                local st = redis.call('HGET', rkey, F.status)
                if st == S.failed then
                  move(countsKey, st, S.queued)
                  redis.call('HDEL', rkey, F.rateLimitWaits)
                  redis.call('HSET', rkey, F.status, S.queued, F.attempts, 0, F.updatedAt, now)
                  finalStatus(S.queued, orderId, redis.call('HGET', rkey, F.batchId), st)
                end
              end
            end
            if string.sub(id, 1, 4) == 'job:' then redis.call('HINCRBY', countsKey, N.rejected, -1) end
          end
          redis.call('ZREM', deadKey, id)
          redis.call('HDEL', deadLettersKey, id)
        end
        return n
        """)

    /// Deletes the given dead entries for good, as retention does (`trimDead`): the entry, its
    /// record, and for an element with no orderId its place in `counts.rejected`. The order's
    /// result stays `failed`.
    ///
    /// Keys: dead, deadletters, counts. ARGV: the entry IDs. Returns how many were removed.
    static let purgeDead = LuaScript<QueueKeys, Never>(
        keys: [.dead, .deadLetters, .counts],
        body: """
        local n = 0
        for i = 1, #ARGV do
          local id = ARGV[i]
          if redis.call('ZREM', deadKey, id) == 1 then
            n = n + 1
            if string.sub(id, 1, 4) == 'job:' then redis.call('HINCRBY', countsKey, N.rejected, -1) end
          end
          redis.call('HDEL', deadLettersKey, id)
        end
        return n
        """)

    /// An operator's decision on an order parked as `unknown`: `retry` sends it again (flagged
    /// `possibleDuplicate`, since a link may exist); `fail` ends it as `failed` with the
    /// operator's message (for example after finding no link at OTT Pay).
    ///
    /// A `fail` counts one `failed` in the throughput hashes (the order counted `unknown` when it
    /// was parked); a `retry` counts nothing until the order ends again.
    ///
    /// Keys: unknown, pending, counts, finished, batches, events, config, throughput:minutes,
    /// throughput:days, then the order's result
    /// (its batch, read from the result, through `derivedKeys`).
    /// ARGV: orderId, `retry` or `fail`, message. Returns 1, or 0 when the order is not parked.
    static let resolveUnknown = LuaScript<QueueKeys, String>(
        keys: [.unknown, .pending, .counts, .finished, .batches, .events, .config, .throughputMinutes, .throughputDays],
        itemKeys: [.result { $0 }],
        derivedKeys: true,
        body: LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.note + LuaSnippets.finalStatus
            + LuaSnippets.countOutcomes + """
        local rkey = resultKey(1)
        local raw = redis.call('HGET', unknownKey, ARGV[1])
        if not raw or redis.call('HGET', rkey, F.status) ~= S.unknown then return 0 end
        redis.call('HDEL', unknownKey, ARGV[1])
        if ARGV[2] == 'retry' then
          move(countsKey, S.unknown, S.queued)
          redis.call('HSET', rkey, F.status, S.queued, F.possibleDuplicate, '1', F.updatedAt, now)
          note(rkey, 'operator chose to send again: ' .. ARGV[3])
          redis.call('LPUSH', pendingKey, raw)
          finalStatus(S.queued, ARGV[1], redis.call('HGET', rkey, F.batchId), S.unknown)
        else
          move(countsKey, S.unknown, S.failed)
          redis.call('HSET', rkey, F.status, S.failed, F.errorCode, 'resolved',
            F.errorMessage, 'resolved by an operator: ' .. ARGV[3], F.updatedAt, now, F.finishedAt, now)
          redis.call('ZADD', finishedKey, now, ARGV[1])
          finalStatus(S.failed, ARGV[1], redis.call('HGET', rkey, F.batchId), S.unknown)
          countOutcomes()
        end
        return 1
        """)
}
