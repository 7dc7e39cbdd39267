import PaylinkRedis

extension QueueScripts {
    /// Moves a held job to the retry set, due after a delay; its element stays in `jobs`.
    ///
    /// Only the job that holds the order can: its lease must exist and the result must name it.
    /// When the order already has a final result (a late link from an earlier job was stored),
    /// nothing is overwritten: the job is ended and the caller told so.
    ///
    /// Keys: inflight, retry, counts, jobs, then the order's result.
    /// ARGV: jobId, delay ms, `1` when the attempt is refunded (a rate-limit wait; at most 100 per
    /// order), a note when the attempt's outcome is unknown (else empty), errorCode, errorMessage.
    /// Returns 1 when scheduled, 2 when the order was already final (the job is ended), or 0 when
    /// the job was no longer held.
    static let retry = LuaScript<QueueKeys, String>(
        keys: [.inflight, .retry, .counts, .jobs], itemKeys: [.result { $0 }],
        body: LuaSnippets.now + LuaSnippets.move + LuaSnippets.note + LuaSnippets.finalStatuses + """
        local rkey = resultKey(1)
        if not redis.call('ZSCORE', inflightKey, ARGV[1]) then return 0 end
        local cur = redis.call('HMGET', rkey, F.status, F.jobId)
        if cur[1] and final[cur[1]] then
          redis.call('ZREM', inflightKey, ARGV[1])
          redis.call('HDEL', jobsKey, ARGV[1])
          return 2
        end
        if cur[2] ~= ARGV[1] then return 0 end
        local due = now + tonumber(ARGV[2])
        redis.call('ZREM', inflightKey, ARGV[1])
        redis.call('ZADD', retryKey, due, ARGV[1])
        move(countsKey, cur[1], S.retrying)
        redis.call('HDEL', rkey, F.worker, F.sendingAt)
        redis.call('HSET', rkey, F.status, S.retrying, F.nextAttemptAt, due,
          F.errorCode, ARGV[5], F.errorMessage, ARGV[6], F.updatedAt, now)
        if ARGV[3] == '1' and redis.call('HINCRBY', rkey, F.rateLimitWaits, 1) <= 100 then
          redis.call('HINCRBY', rkey, F.attempts, -1)
        end
        if ARGV[4] ~= '' then
          redis.call('HSET', rkey, F.unsure, '1')
          note(rkey, ARGV[4])
        end
        return 1
        """)

    /// Puts held jobs back at the consumer end of `pending` (taken next), ending their leases.
    /// An order whose call was surely not sent gets its attempt back; one whose call may have gone
    /// out is flagged unsure, so its next claim follows the ambiguous policy.
    ///
    /// An order whose result became final meanwhile (a late link) is not put back.
    ///
    /// Keys: inflight, jobs, pending, counts. The caller (shutdown) knows only job IDs, so each
    /// order's result is reached through `derivedKeys`, from the orderId of the held element.
    /// ARGV: pairs of jobId and `1` when the call may have been sent. Returns how many went back.
    static let release = LuaScript<QueueKeys, Never>(
        keys: [.inflight, .jobs, .pending, .counts], derivedKeys: true,
        body: LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.note + LuaSnippets.finalStatuses + """
        local n = 0
        for i = 1, #ARGV, 2 do
          local id = ARGV[i]
          local raw = redis.call('HGET', jobsKey, id)
          if raw and redis.call('ZSCORE', inflightKey, id) then
            local orderId = orderIdOf(raw)
            local rkey = orderId and derivedResultKey(orderId)
            local cur = rkey and redis.call('HMGET', rkey, F.status, F.jobId) or {}
            if cur[2] == id then
              redis.call('RPUSH', pendingKey, raw)
              n = n + 1
              move(countsKey, cur[1], S.queued)
              redis.call('HDEL', rkey, F.jobId, F.worker, F.sendingAt)
              redis.call('HSET', rkey, F.status, S.queued, F.updatedAt, now)
              if ARGV[i + 1] == '1' then
                redis.call('HSET', rkey, F.unsure, '1')
                note(rkey, 'attempt ' .. (redis.call('HGET', rkey, F.attempts) or '?') .. ': stopped while sending')
              else
                redis.call('HINCRBY', rkey, F.attempts, -1)
              end
            elseif not (cur[1] and final[cur[1]]) then
              -- No readable order, or one whose result names no job of ours: back as it came.
              -- An order that already ended (a late link) is not sent again.
              redis.call('RPUSH', pendingKey, raw)
              n = n + 1
            end
          end
          redis.call('ZREM', inflightKey, id)
          redis.call('HDEL', jobsKey, id)
        end
        return n
        """)

    /// Settles a held element the worker could not read as an order. When an orderId can still be
    /// read from it, the order gets an `invalid` result with the reason; otherwise the element goes
    /// to the dead list, raw, as entry `job:<jobId>`.
    ///
    /// Keys: inflight, jobs, dead, deadletters, counts, finished, batches, events, config,
    /// throughput:minutes, throughput:days (one `invalid` or `rejected` counted). The
    /// worker could not read an orderId, so the order's result and batch (if Redis can read
    /// them) are reached through `derivedKeys`. ARGV: jobId, reason.
    /// Returns 1, or 0 when no longer held.
    static let reject = LuaScript<QueueKeys, Never>(
        keys: [
            .inflight, .jobs, .dead, .deadLetters, .counts, .finished, .batches, .events, .config, .throughputMinutes,
            .throughputDays,
        ],
        derivedKeys: true,
        body: LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.batchOf + LuaSnippets.finalStatus
            + LuaSnippets.countOutcomes + """
        if not redis.call('ZSCORE', inflightKey, ARGV[1]) then return 0 end
        local raw = redis.call('HGET', jobsKey, ARGV[1]) or ''
        redis.call('ZREM', inflightKey, ARGV[1])
        redis.call('HDEL', jobsKey, ARGV[1])
        local orderId = orderIdOf(raw)
        local rkey = orderId and derivedResultKey(orderId)
        if rkey and redis.call('HGET', rkey, F.jobId) == ARGV[1] then
          local from = redis.call('HGET', rkey, F.status)
          move(countsKey, from, S.invalid)
          redis.call('HDEL', rkey, F.jobId, F.worker, F.sendingAt, F.unsure, F.nextAttemptAt)
          redis.call('HSET', rkey, F.status, S.invalid, F.attempts, '0', F.errorCode, 'invalid_element',
            F.errorMessage, ARGV[2], F.updatedAt, now, F.finishedAt, now)
          redis.call('ZADD', finishedKey, now, orderId)
          local batchId = batchOf(raw)
          if batchId then redis.call('HSET', rkey, F.batchId, batchId) end
          finalStatus(S.invalid, orderId, batchId, from)
          countOutcomes()
          return 1
        end
        local id = 'job:' .. ARGV[1]
        redis.call('ZADD', deadKey, now, id)
        redis.call('HSET', deadLettersKey, id, cjson.encode({id = id, reason = ARGV[2], errorCode = 'unreadable',
          errorMessage = ARGV[2], attempts = 0, deadAt = now, element = raw}))
        redis.call('HINCRBY', countsKey, N.rejected, 1)
        tallyOutcome(N.rejected)
        countOutcomes()
        return 1
        """)
}
