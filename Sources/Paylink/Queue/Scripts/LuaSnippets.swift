/// Lua shared by several queue scripts, pasted in front of their bodies.
enum LuaSnippets {
    /// `now`: the Redis clock in Unix ms (`nowText`: the same as a string). Workers' clocks never matter.
    static let now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        -- Redis formats a number argument with printf('%.14g') on every call; once is enough.
        local nowText = tostring(now)

        """

    /// `orderIdOf(raw)`: the element's orderId when it is a JSON object with a valid one, else nil.
    /// The same rules as `OrderParser`; the worker cleans up when its stricter parser disagrees.
    static let orderIdOf = """
        local function orderIdOf(raw)
          if not raw or #raw > 1048576 then return nil end
          local ok, v = pcall(cjson.decode, raw)
          if not ok or type(v) ~= 'table' then return nil end
          local id = v['orderId']
          if type(id) ~= 'string' or #id < 1 or #id > 64 or string.find(id, '[^%w%._:%-]') then return nil end
          return id
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
          local earlier = redis.call('HGET', rkey, 'earlierAttempts')
          redis.call('HSET', rkey, 'earlierAttempts', earlier and (earlier .. '; ' .. text) or text)
        end

        """
}

extension LuaSnippets {
    /// `finalStatus(status, orderId, batchId, from)`: bookkeeping for a result that became final
    /// (or left a final status, when `status` is not final): the batch's counts, the batch's one
    /// completion event, and a `result` event. Needs `now`, and `prefix` set to the key prefix.
    /// Batch keys expire `batchRetentionMs` after their last change, and the stream keeps about
    /// `eventsMaxLength` entries (both from the queue's `config` hash, which workers write).
    static let finalStatus = """
        local final = {succeeded = true, failed = true, invalid = true, unknown = true}
        local cfg = nil
        local function config()
          if not cfg then
            local c = redis.call('HMGET', prefix .. 'config', 'eventsMaxLength', 'batchRetentionMs')
            cfg = {events = tonumber(c[1]) and c[1] or '1000000', batchTTL = tonumber(c[2]) or 2592000000}
          end
          return cfg
        end
        local function event(...)
          redis.call('XADD', prefix .. 'events', 'MAXLEN', '~', config().events, '*', ...)
        end
        local function finalStatus(status, orderId, batchId, from)
          if final[status] then
            event('type', 'result', 'orderId', orderId, 'status', status, 'batchId', batchId or '')
          end
          if not batchId or batchId == '' then return end
          local bkey = prefix .. 'batch:' .. batchId
          if redis.call('SADD', bkey .. ':orders', orderId) == 1 then
            -- An order the producer did not register first: count it now.
            redis.call('HINCRBY', bkey, 'total', 1)
            redis.call('HSETNX', bkey, 'createdAt', now)
            redis.call('ZADD', prefix .. 'batches', 'NX', now, batchId)
          end
          if from and final[from] then redis.call('HINCRBY', bkey, from, -1) end
          if final[status] then redis.call('HINCRBY', bkey, status, 1) end
          redis.call('HSET', bkey, 'updatedAt', nowText)
          local b = redis.call('HMGET', bkey, 'total', 'succeeded', 'failed', 'invalid', 'unknown', 'finishedAt')
          local done = (tonumber(b[2]) or 0) + (tonumber(b[3]) or 0) + (tonumber(b[4]) or 0) + (tonumber(b[5]) or 0)
          if not b[6] and done >= (tonumber(b[1]) or 0) then
            redis.call('HSET', bkey, 'finishedAt', now)
            event('type', 'batch-completed', 'batchId', batchId, 'total', b[1], 'succeeded', b[2] or '0',
              'failed', b[3] or '0', 'invalid', b[4] or '0', 'unknown', b[5] or '0')
          end
          redis.call('PEXPIRE', bkey, config().batchTTL)
          redis.call('PEXPIRE', bkey .. ':orders', config().batchTTL)
        end

        """

    /// `batchOf(raw)`: the element's batchId when Redis can read one, else nil.
    static let batchOf = """
        local function batchOf(raw)
          if not raw or #raw > 1048576 then return nil end
          local ok, v = pcall(cjson.decode, raw)
          if not ok or type(v) ~= 'table' or type(v['batchId']) ~= 'string' then return nil end
          return v['batchId']
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
