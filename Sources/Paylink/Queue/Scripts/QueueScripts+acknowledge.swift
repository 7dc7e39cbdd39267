import PaylinkRedis

extension QueueScripts {
    /// Stores final results and acknowledges their jobs, any number per call (group commit): each
    /// job is never acknowledged before its result is stored, and the whole call is one step.
    ///
    /// A `failed` order also enters the dead list (flagged when its last call may have created a
    /// link); an `unknown` one is parked for an operator. A stored `succeeded` result is never
    /// overwritten: a second link (two workers raced after a lost lease) only flags it
    /// `possibleDuplicate` and is recorded in `otherPaymentIds`. When a job is no longer held, or
    /// its lease does not belong to this order's result (a fencing mismatch), only a `succeeded`
    /// result is stored, since the link exists, and nobody else's lease is touched. A late link
    /// also ends the order's dead or parked entry.
    ///
    /// Each job is settled on its own (`pcall`): one that Redis refuses (a key of the wrong type)
    /// changes nothing for the others, and its own lease stays for recovery.
    ///
    /// Keys: inflight, jobs, counts, finished, dead, deadletters, unknown, batches, events, config,
    /// throughput:minutes, throughput:days, then per job its result, and its batch's hash and orders set when its fields carry a batchId
    /// (else its result again). A batch found only in Redis (the result names another, or the
    /// worker did not read the element) is reached through `derivedKeys`, under the queue's tag.
    /// ARGV per job: jobId, status, orderId, `1` when the fields carry the order's batchId or the
    /// order has none, the number of field/value strings, those strings.
    /// Returns per job a code `SettleOutcome` reads: 1 stored and acknowledged; 3 a `succeeded`
    /// result stored although the job was no longer held (a late link); either plus 10 when that
    /// `succeeded` result is flagged `possibleDuplicate`; 4 (held) or 5 (not held) a second link for an
    /// order that had succeeded (flagged, not counted again); 2 the same link again (nothing new); 0 the job
    /// was no longer held (or not this order's) and nothing was written; or the error text when
    /// Redis refused it. Codes 1 and 3 are the ones `counts` counted, so metrics can agree with it;
    /// they are also the ones added to the throughput hashes (`countOutcomes`), by the stored status.
    static let acknowledge = LuaScript<QueueKeys, (job: ClaimedJob, result: OrderResult)>(
        keys: [
            .inflight, .jobs, .counts, .finished, .dead, .deadLetters, .unknown, .batches, .events, .config, .throughputMinutes,
            .throughputDays,
        ],
        itemKeys: [
            .result { $0.result.orderId },
            .batch({ $0.result.batchIdField }, placeholder: { keys, item in keys.result(item.result.orderId) }),
            .batchOrders({ $0.result.batchIdField }, placeholder: { keys, item in keys.result(item.result.orderId) }),
        ],
        derivedKeys: true,
        body: LuaSnippets.now + LuaSnippets.orderIdOf + LuaSnippets.batchOf + LuaSnippets.callInChunks
            + LuaSnippets.deadRecord + LuaSnippets.finalStatus + LuaSnippets.countOutcomes + """
        -- Status count changes, the `finished` index and the settled jobs' elements of the whole
        -- call, written once at the end.
        local deltas, finished, settled = {}, {}, {}
        local function move(from, to)
          if from == to then return end
          if from then deltas[from] = (deltas[from] or 0) - 1 end
          deltas[to] = (deltas[to] or 0) + 1
        end
        local function acknowledgeOne(n, jobId, status, orderId, batchKnown, first, last)
          local raw = nil
          local function element()
            if raw == nil then raw = redis.call('HGET', jobsKey, jobId) or false end
            return raw or nil
          end
          local rkey = resultKey(n)
          local cur = redis.call('HMGET', rkey, F.status, F.paymentId, F.jobId, F.batchId, F.createdAt, F.possibleDuplicate)
          local held = redis.call('ZSCORE', inflightKey, jobId) ~= false
          if held and cur[3] ~= jobId then
            -- The lease must be this order's: its result names the job, or names none and the
            -- held element is this order.
            held = cur[3] == false and orderIdOf(element()) == orderId
          end
          if not held and status ~= S.succeeded then return 0 end
          local function endJob()
            if held then
              redis.call('ZREM', inflightKey, jobId)
              settled[#settled + 1] = jobId
            end
            return held and 1 or 0
          end
          local fields = {}
          for i = first, last, 2 do fields[ARGV[i]] = ARGV[i + 1] end
          if fields[F.batchId] then declaredBatches[fields[F.batchId]] = {batchKey(n), batchOrdersKey(n)} end
          if cur[1] == S.succeeded then
            if status == S.succeeded and fields[F.paymentId] ~= cur[2] then
              local others = redis.call('HGET', rkey, F.otherPaymentIds)
              local id = fields[F.paymentId] or '?'
              redis.call('HSET', rkey, F.possibleDuplicate, '1', F.otherPaymentIds, others and (others .. ',' .. id) or id)
              return endJob() == 1 and 4 or 5
            end
            -- The same link again (a replayed spool or recent link): nothing new.
            return endJob() == 1 and 2 or 0
          end
          local flagged = cur[6] == '1'
          if not held and cur[3] and cur[3] ~= jobId then
            -- A late link while another job holds the order: store it; that job's call is a possible duplicate.
            redis.call('HSET', rkey, F.possibleDuplicate, '1')
            flagged = true
          end
          if status == S.succeeded and cur[1] == S.failed then
            redis.call('ZREM', deadKey, orderId)
            redis.call('HDEL', deadLettersKey, orderId)
          elseif status == S.succeeded and cur[1] == S.unknown then
            redis.call('HDEL', unknownKey, orderId)
          end
          redis.call('HDEL', rkey, F.errorCode, F.errorMessage, F.unsure, F.jobId, F.worker, F.sendingAt, F.nextAttemptAt)
          redis.call('HSET', rkey, F.status, status, F.orderId, orderId, F.createdAt, cur[5] or nowText, F.updatedAt, nowText,
            F.finishedAt, nowText, unpack(ARGV, first, last))
          move(cur[1], status)
          local batchId = fields[F.batchId] or cur[4]
          if not batchId and not batchKnown then
            batchId = batchOf(element())
            if batchId then redis.call('HSET', rkey, F.batchId, batchId) end
          end
          finished[#finished + 1] = nowText
          finished[#finished + 1] = orderId
          if status == S.failed then
            -- A failure after a call that may have created a link keeps the mark, so a re-push or
            -- `dead retry` follows the ambiguous policy instead of sending it unflagged.
            local mayHaveLink = fields[F.unsure] == '1' or cur[6] == '1'
            if mayHaveLink then redis.call('HSET', rkey, F.unsure, '1') end
            deadRecord(deadKey, deadLettersKey, orderId, fields[F.errorCode], fields[F.errorMessage],
              tonumber(redis.call('HGET', rkey, F.attempts)) or 0, mayHaveLink, element())
          elseif status == S.unknown then
            redis.call('HSET', unknownKey, orderId, element() or '')
          end
          local result = endJob() == 1 and 1 or 3
          if flagged and status == S.succeeded then result = result + 10 end
          finalStatus(status, orderId, batchId, cur[1])
          if fields[F.mismatchedPaymentId] then
            pcall(event, E.type, T.linkMismatch, E.orderId, orderId, E.errorCode, fields[F.errorCode] or '',
              E.paymentId, fields[F.mismatchedPaymentId])
          end
          return result
        end
        local out = {}
        local i = 1
        while i <= #ARGV do
          local first, last = i + 5, i + 4 + tonumber(ARGV[i + 4])
          local ok, r = pcall(acknowledgeOne, #out + 1, ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3] == '1', first, last)
          if not ok then
            r = errorText(r)
            redis.log(redis.LOG_WARNING, 'paylink: acknowledging job ' .. ARGV[i] .. ' failed: ' .. r)
          end
          out[#out + 1] = r
          i = last + 1
        end
        for status, n in pairs(deltas) do
          if n ~= 0 then redis.call('HINCRBY', countsKey, status, n) end
        end
        callInChunks('ZADD', finishedKey, finished)
        callInChunks('HDEL', jobsKey, settled)
        countOutcomes()
        return out
        """)
}
