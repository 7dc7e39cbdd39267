import PaylinkRedis

/// The Lua scripts that change a queue's state. Each is one atomic step, so any number of worker
/// processes can share a queue. Each declares the keys it touches (`LuaScript`); a script that
/// learns orderIds only from what it pops reaches their results through `LuaSnippets.derivedKeys`.
enum QueueScripts {
    /// Takes up to N orders for one worker, each under a lease, and marks each `sending` (claimed;
    /// the call itself is marked by `markSent` just before it is made).
    ///
    /// Every popped element is leased and held first, before any other write: Redis does not roll
    /// back a script that fails, so an error later on leaves it where recovery finds it. Each
    /// element's decision then runs on its own (`pcall`); one that fails goes to the dead list with
    /// the error instead of taking the rest of the batch down with it.
    ///
    /// Per element: larger than `OrderParser.maxElementBytes`, it never reaches the worker: an
    /// `invalid` result when its orderId can be read (from at most 4 times that size), else the
    /// dead list. An orderId that already has a `succeeded` (or parked `unknown`) result, or is
    /// held right now by a live job, is not sent again: the push is counted as a duplicate and
    /// dropped. An order whose job vanished while `sending` (its worker died or lost Redis) counts
    /// a recovery; past the maximum it ends `failed` in the dead list, so an order that crashes
    /// workers cannot do so for ever. When its call may have gone out (the job had marked it sent,
    /// or it was flagged unsure), it is parked as `unknown` under the `park` policy, and otherwise
    /// sent again with `possibleDuplicate` set; when the vanished job never made its call, it is
    /// simply taken again, its attempt not counted twice.
    ///
    /// While the queue is paused (`paused` exists) it takes nothing and replies `["paused", reason]`.
    ///
    /// Keys: pending, inflight, jobs, seq, counts, retry, unknown, finished, dead, deadletters,
    /// paused, batches, events, config, throughput:minutes, throughput:days (the outcomes settled
    /// here: oversized, worker_lost, parked, dead elements). The orders popped are known only once popped, so their
    /// results and batches are reached through `derivedKeys` (the documented exception: under the
    /// queue's hash tag, so in the declared keys' slot).
    /// ARGV: max count, lease ms, worker name, policy (`retry` or `park`), claim nonce
    /// (random, so job IDs stay unique when Redis loses the counter's recent writes), maximum
    /// recoveries per order.
    /// Returns a flat array `[counter before the claim, jobId, element, attempt, ...]` (empty when
    /// nothing waits), or `["paused", reason]`.
    static let claim = LuaScript<QueueKeys, Never>(
        keys: [
            .pending, .inflight, .jobs, .jobSequence, .counts, .retry, .unknown, .finished, .dead, .deadLetters, .paused,
            .batches, .events, .config, .throughputMinutes, .throughputDays,
        ],
        derivedKeys: true,
        body: LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.move + LuaSnippets.note + LuaSnippets.batchOf
            + LuaSnippets.callInChunks + LuaSnippets.deadRecord + LuaSnippets.finalStatus + LuaSnippets.countOutcomes + """
        if redis.call('EXISTS', pausedKey) == 1 then return {'paused', redis.call('HGET', pausedKey, P.reason) or ''} end
        local items = redis.call('RPOP', pendingKey, ARGV[1])
        if not items then return {} end
        local deadline = tostring(now + tonumber(ARGV[2]))
        local worker, park, nonce, maxRecoveries = ARGV[3], ARGV[4] == 'park', ARGV[5], tonumber(ARGV[6])
        -- Job IDs for the whole batch in one step (a duplicate leaves a gap, which is harmless).
        local firstId = redis.call('INCRBY', jobSequenceKey, #items) - #items
        local ids, leases, held = {}, {}, {}
        for i, raw in ipairs(items) do
          local id = tostring(firstId + i) .. '-' .. nonce
          ids[i] = id
          leases[#leases + 1] = deadline
          leases[#leases + 1] = id
          held[#held + 1] = id
          held[#held + 1] = raw
        end
        callInChunks('ZADD', inflightKey, leases)
        callInChunks('HSET', jobsKey, held)

        local function deadElement(id, raw, code, message)
          local entry = 'job:' .. id
          redis.call('ZADD', deadKey, now, entry)
          redis.call('HSET', deadLettersKey, entry, cjson.encode({id = entry, reason = message, errorCode = code,
            errorMessage = message, attempts = 0, deadAt = now, element = raw}))
          redis.call('HINCRBY', countsKey, N.rejected, 1)
          tallyOutcome(N.rejected)
        end

        -- Decides one element. Returns the attempt and the result's previous status when the
        -- worker takes it, or nil when it was settled here.
        local function decide(raw, id)
          local oversized = #raw > maxElementBytes
          local orderId = oversized and largeOrderIdOf(raw) or orderIdOf(raw)
          if not orderId then
            if not oversized then return 0 end  -- the worker's parser says why, and rejects it
            deadElement(id, string.sub(raw, 1, maxElementBytes), 'too_large', 'the element is ' .. #raw
              .. ' bytes; at most ' .. maxElementBytes .. ' are allowed (the record keeps the first ' .. maxElementBytes .. ')')
            return nil
          end
          local rkey = derivedResultKey(orderId)
          local r = redis.call('HMGET', rkey, F.status, F.jobId, F.attempts, F.unsure, F.createdAt, F.sendingAt, F.recoveries)
          local st = r[1]
          local live = r[2] and ((st == S.sending and redis.call('ZSCORE', inflightKey, r[2]))
            or (st == S.retrying and redis.call('ZSCORE', retryKey, r[2])))
          if st == S.succeeded or st == S.unknown or live then
            redis.call('HINCRBY', rkey, F.duplicates, 1)
            redis.call('HINCRBY', countsKey, N.duplicate, 1)
            return nil
          end
          if oversized then
            -- Refused for its size, as the worker's parser would refuse it, without sending the
            -- element to the worker: an `invalid` result names the rule.
            move(countsKey, st, S.invalid)
            redis.call('HDEL', rkey, F.jobId, F.worker, F.nextAttemptAt, F.sendingAt)
            redis.call('HSET', rkey, F.status, S.invalid, F.orderId, orderId, F.attempts, tostring(r[3] or '0'),
              F.errorCode, 'invalid_element', F.errorMessage, 'element: is ' .. #raw .. ' bytes; at most ' .. maxElementBytes
              .. ' are allowed', F.createdAt, r[5] or nowText, F.updatedAt, nowText, F.finishedAt, nowText)
            redis.call('ZADD', finishedKey, now, orderId)
            finalStatus(S.invalid, orderId, redis.call('HGET', rkey, F.batchId), st)
            return nil
          end
          local previous = tonumber(r[3]) or 0
          -- `sending` with no live job: its worker died or lost Redis, before or after the call.
          local lost = st == S.sending
          local sent = lost and r[6] ~= false
          local unsure = r[4] == '1' or sent
          local attempt = (lost and not sent) and math.max(previous, 1) or previous + 1
          local recoveries = tonumber(r[7]) or 0
          if lost then
            recoveries = recoveries + 1
            redis.call('HSET', rkey, F.recoveries, tostring(recoveries))
            redis.call('HDEL', rkey, F.sendingAt)
            note(rkey, 'attempt ' .. previous .. (sent and ': worker lost while sending' or ': worker lost before sending'))
          end
          if lost and recoveries > maxRecoveries then
            move(countsKey, st, S.failed)
            redis.call('HDEL', rkey, F.jobId, F.worker, F.nextAttemptAt)
            local message = 'workers holding this order stopped ' .. recoveries .. ' times; it may be what stops them'
            redis.call('HSET', rkey, F.status, S.failed, F.errorCode, 'worker_lost', F.errorMessage, message,
              F.updatedAt, nowText, F.finishedAt, nowText)
            if unsure then redis.call('HSET', rkey, F.unsure, '1') end
            redis.call('ZADD', finishedKey, now, orderId)
            deadRecord(deadKey, deadLettersKey, orderId, 'worker_lost', message, previous, unsure, raw)
            finalStatus(S.failed, orderId, redis.call('HGET', rkey, F.batchId) or batchOf(raw), st)
            return nil
          end
          if unsure and park then
            move(countsKey, st, S.unknown)
            redis.call('HDEL', rkey, F.jobId, F.unsure, F.worker, F.nextAttemptAt)
            redis.call('HSET', rkey, F.status, S.unknown, F.errorCode, 'ambiguous',
              F.errorMessage, 'an earlier attempt may have created a link; parked for an operator',
              F.updatedAt, nowText, F.finishedAt, nowText)
            redis.call('HSET', unknownKey, orderId, raw)
            redis.call('ZADD', finishedKey, now, orderId)
            finalStatus(S.unknown, orderId, redis.call('HGET', rkey, F.batchId) or batchOf(raw), st)
            return nil
          end
          if unsure then
            redis.call('HDEL', rkey, F.unsure)
            redis.call('HSET', rkey, F.possibleDuplicate, '1')
          end
          redis.call('HSET', rkey, F.status, S.sending, F.jobId, id, F.attempts, tostring(attempt),
            F.updatedAt, nowText, F.worker, worker, F.orderId, orderId, F.createdAt, r[5] or nowText)
          return attempt, st or 'new'
        end

        -- The job counter before this claim comes first: a worker that sees it go back knows Redis
        -- lost writes it had acknowledged (a restart from an `everysec` AOF, a failover).
        local out, drops, taken = {firstId}, {}, {}
        local sending = 0
        for i, raw in ipairs(items) do
          local id = ids[i]
          local ok, attempt, from = pcall(decide, raw, id)
          if ok and attempt then
            out[#out + 1] = id
            out[#out + 1] = raw
            out[#out + 1] = attempt
            if from then
              sending = sending + 1
              if from ~= 'new' then taken[from] = (taken[from] or 0) + 1 end
            end
          elseif ok then
            drops[#drops + 1] = id
          else
            redis.log(redis.LOG_WARNING, 'paylink: claim of job ' .. id .. ' failed: ' .. errorText(attempt))
            -- Kept held (recovery brings it back) only if even the dead list refuses it.
            if pcall(deadElement, id, raw, 'claim_error', 'the claim could not process this element: ' .. errorText(attempt)) then
              drops[#drops + 1] = id
            end
          end
        end
        for from, n in pairs(taken) do redis.call('HINCRBY', countsKey, from, -n) end
        if sending > 0 then redis.call('HINCRBY', countsKey, S.sending, sending) end
        callInChunks('ZREM', inflightKey, drops)
        callInChunks('HDEL', jobsKey, drops)
        countOutcomes()
        return out
        """)
}
