/// Lua shared by several queue scripts, pasted in front of their bodies.
enum LuaSnippets {
    /// `now`: the Redis clock in Unix ms (`nowText`: the same as a string). Workers' clocks never matter.
    static let now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        -- Redis formats a number argument with printf('%.14g') on every call; once is enough.
        local nowText = tostring(now)

        """

    /// `isId(text)`: whether `text` is a valid orderId or batchId, by `OrderParser`'s rule (1-64
    /// bytes of `A-Z a-z 0-9 . _ : -`), so every key built from one keeps its hash tag.
    /// `orderIdOf(raw)`: the element's orderId when it is a JSON object with a valid one and no
    /// larger than `OrderParser.maxElementBytes`, else nil. The worker cleans up when its stricter
    /// parser disagrees.
    static let orderIdOf = """
        local maxElementBytes = \(OrderParser.maxElementBytes)
        local function isId(text)
          return type(text) == 'string' and #text >= 1 and #text <= 64 and not string.find(text, '[^%w%._:%-]')
        end
        local function decoded(raw)
          if not raw or #raw > maxElementBytes then return nil end
          local ok, v = pcall(cjson.decode, raw)
          if not ok or type(v) ~= 'table' then return nil end
          return v
        end
        local function orderIdOf(raw)
          local v = decoded(raw)
          if v and isId(v[F.orderId]) then return v[F.orderId] end
          return nil
        end
        -- The orderId of an element too large to be an order, read within a bounded budget of
        -- Redis's time, so its producer can still be told why.
        local function largeOrderIdOf(raw)
          if #raw > 4 * maxElementBytes then return nil end
          local ok, v = pcall(cjson.decode, raw)
          if ok and type(v) == 'table' and isId(v[F.orderId]) then return v[F.orderId] end
          return nil
        end

        """

    /// `callInChunks(command, key, list)`: one command over a long argument list (pairs stay
    /// whole), in chunks that stay under Lua's limit on unpacked values.
    static let callInChunks = """
        local function callInChunks(command, key, list)
          for i = 1, #list, 1000 do
            redis.call(command, key, unpack(list, i, math.min(i + 999, #list)))
          end
        end

        """

    /// `move(counts, from, to)`: keeps the `counts` hash exact across a status change.
    static let move = """
        local function move(counts, from, to)
          if from == to then return end
          if from then redis.call('HINCRBY', counts, from, -1) end
          if to then redis.call('HINCRBY', counts, to, 1) end
        end

        """

    /// `note(rkey, text)`: appends to the result's `earlierAttempts` record.
    static let note = """
        local function note(rkey, text)
          local earlier = redis.call('HGET', rkey, F.earlierAttempts)
          redis.call('HSET', rkey, F.earlierAttempts, earlier and (earlier .. '; ' .. text) or text)
        end

        """
}

extension LuaSnippets {
    /// `final[status]`: true for the statuses `OrderStatus.isTerminal` calls final (one source).
    static let finalStatuses =
        "local final = {"
        + OrderStatus.allCases.filter(\.isTerminal).map { "\($0.rawValue) = true" }.joined(separator: ", ")
        + "}\n"

    /// `deadRecord(dead, deadletters, orderId, code, message, attempts, mayHaveLink, raw)`: puts a
    /// failed order in the dead list. `mayHaveLink` says its last call may have created a link, so
    /// whoever sends it again knows. Needs `now`.
    static let deadRecord = """
        local function deadRecord(deadKey, lettersKey, orderId, code, message, attempts, mayHaveLink, raw)
          redis.call('ZADD', deadKey, now, orderId)
          redis.call('HSET', lettersKey, orderId, cjson.encode({id = orderId, orderId = orderId, reason = S.failed,
            errorCode = code or '', errorMessage = message or '', attempts = attempts, deadAt = now,
            mayHaveLink = mayHaveLink and true or false, element = raw or ''}))
        end

        """

    /// `finalStatus(status, orderId, batchId, from)`: bookkeeping for a result that became final
    /// (or left a final status, when `status` is not final): the batch's counts, the batch's one
    /// completion event, a `result` event, and a tally in `outcomes` (`tallyOutcome(name)`, which
    /// `countOutcomes` writes to the throughput hashes at the end of the scripts that count). Needs `now`, `isId`, the declared keys counts,
    /// batches, events and config, and `derivedKeys`: a batch's keys are the ones the caller declared
    /// (a script puts them in `declaredBatches`), else derived from its batchId.
    /// Batch keys expire `batchRetentionMs` after their last change, and the stream keeps about
    /// `eventsMaxLength` entries (both from the queue's `config` hash, which workers write).
    ///
    /// Bookkeeping never aborts the state change it follows: an error here (a key of the wrong
    /// type, a hand-edited setting) is caught, logged by Redis, and counted in `counts` as
    /// `bookkeepingErrors`, and the order's own writes stand.
    static let finalStatus = finalStatuses + """
        -- What a caught error says: redis.call raises a table with `err`, Lua itself a string.
        local function errorText(e)
          if type(e) == 'table' then return tostring(e['err'] or e[1] or '?') end
          return tostring(e)
        end
        local cfg = nil
        local function config()
          if not cfg then
            local c = redis.call('HMGET', configKey, C.eventsMaxLength, C.batchRetentionMs)
            local events = c[1] and string.match(c[1], '^%d+$') and c[1] or '1000000'
            local ttl = c[2] and string.match(c[2], '^%d+$') and tonumber(c[2]) or 2592000000
            cfg = {events = events, batchTTL = ttl}
          end
          return cfg
        end
        local function event(...)
          redis.call('XADD', eventsKey, 'MAXLEN', '~', config().events, '*', ...)
        end
        -- batchId → {batch key, batch orders key}, for the batches whose keys the caller declared.
        local declaredBatches = {}
        local function batchKeysOf(batchId)
          local declared = declaredBatches[batchId]
          if declared then return declared[1], declared[2] end
          return derivedBatchKey(batchId), derivedBatchOrdersKey(batchId)
        end
        local function batchBookkeeping(status, orderId, batchId, from)
          local bkey, okey = batchKeysOf(batchId)
          if redis.call('SADD', okey, orderId) == 1 then
            -- An order the producer did not register first: count it now.
            redis.call('HINCRBY', bkey, B.total, 1)
            redis.call('HSETNX', bkey, B.createdAt, now)
            redis.call('ZADD', batchesKey, 'NX', now, batchId)
          end
          if from and final[from] then redis.call('HINCRBY', bkey, from, -1) end
          if final[status] then redis.call('HINCRBY', bkey, status, 1) end
          redis.call('HSET', bkey, B.updatedAt, nowText)
          local b = redis.call('HMGET', bkey, B.total, S.succeeded, S.failed, S.invalid, S.unknown, B.finishedAt)
          local total = tonumber(b[1])
          local done = (tonumber(b[2]) or 0) + (tonumber(b[3]) or 0) + (tonumber(b[4]) or 0) + (tonumber(b[5]) or 0)
          if total and not b[6] and done >= total then
            redis.call('HSET', bkey, B.finishedAt, now)
            event(E.type, T.batchCompleted, E.batchId, batchId, E.total, b[1], S.succeeded, b[2] or '0',
              S.failed, b[3] or '0', S.invalid, b[4] or '0', S.unknown, b[5] or '0')
          end
          redis.call('PEXPIRE', bkey, config().batchTTL)
          redis.call('PEXPIRE', okey, config().batchTTL)
        end
        local function bookkeeping(status, orderId, batchId, from)
          if final[status] then
            event(E.type, T.result, E.orderId, orderId, E.status, status, E.batchId, batchId or '')
          end
          if isId(batchId) then batchBookkeeping(status, orderId, batchId, from) end
        end
        -- Outcome name → how many this call reached, for `countOutcomes` (LuaSnippets.countOutcomes).
        local outcomes = {}
        local function tallyOutcome(name) outcomes[name] = (outcomes[name] or 0) + 1 end
        local function finalStatus(status, orderId, batchId, from)
          if final[status] then tallyOutcome(status) end
          local ok, err = pcall(bookkeeping, status, orderId, batchId, from)
          if not ok then
            redis.log(redis.LOG_WARNING, 'paylink: bookkeeping for ' .. tostring(orderId) .. ' failed: ' .. errorText(err))
            redis.call('HINCRBY', countsKey, N.bookkeepingErrors, 1)
          end
        end

        """

    /// `batchOf(raw)`: the element's batchId when it is a valid one, else nil. Needs `orderIdOf`.
    static let batchOf = """
        local function batchOf(raw)
          local v = decoded(raw)
          if v and isId(v[F.batchId]) then return v[F.batchId] end
          return nil
        end

        """
}

extension LuaSnippets {
    /// `requeueDue(zset, jobs, pending, max)`: moves up to `max` jobs whose score (a deadline or a
    /// due time) has passed from `zset` back to the consumer end of `pending`. Needs `now`.
    static let requeueDue = """
        local function requeueDue(zset, jobs, pending, max)
          local ids = redis.call('ZRANGEBYSCORE', zset, '-inf', now, 'LIMIT', 0, max)
          for _, id in ipairs(ids) do
            local raw = redis.call('HGET', jobs, id)
            if raw then redis.call('RPUSH', pending, raw) end
            redis.call('ZREM', zset, id)
            redis.call('HDEL', jobs, id)
          end
          return #ids
        end

        """

    /// `overLimits(zset, maxAge, maxCount, batch)`: up to `batch` members older than `maxAge` ms,
    /// else the oldest beyond `maxCount` (-1: no limit). Needs `now`.
    static let overLimits = """
        local function overLimits(zset, maxAge, maxCount, batch)
          local ids = {}
          if maxAge >= 0 then
            ids = redis.call('ZRANGEBYSCORE', zset, '-inf', now - maxAge, 'LIMIT', 0, batch)
          end
          if #ids == 0 and maxCount >= 0 then
            local excess = redis.call('ZCARD', zset) - maxCount
            if excess > 0 then ids = redis.call('ZRANGE', zset, 0, math.min(excess, batch) - 1) end
          end
          return ids
        end

        """
}

extension LuaSnippets {
    /// The declared key whose name `derivedKeys` takes the queue's prefix from.
    static let derivedKeysBase = "countsKey"

    /// The one place Lua builds key names, generated from `QueueKeys`: `derivedResultKey(orderId)`,
    /// `derivedBatchKey(batchId)`, `derivedBatchOrdersKey(batchId)`, for orders and batches a
    /// script learns of only as it runs (the claim pops elements and only then reads their
    /// orderIds). The prefix is cut from the declared `counts` key, so a derived key carries the
    /// queue's hash tag and lies in the declared keys' slot; callers pass only valid ids (`isId`).
    static let derivedKeys = """
        local queuePrefix = string.sub(countsKey, 1, #countsKey - \(QueueKeys.Suffix.counts.utf8.count))
        local function derivedResultKey(orderId) return queuePrefix .. '\(QueueKeys.Suffix.result)' .. orderId end
        local function derivedBatchKey(batchId) return queuePrefix .. '\(QueueKeys.Suffix.batch)' .. batchId end
        local function derivedBatchOrdersKey(batchId) return queuePrefix .. '\(QueueKeys.Suffix.batchOrders)' .. batchId end

        """
}
