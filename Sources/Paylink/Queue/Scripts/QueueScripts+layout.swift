import PaylinkRedis

extension QueueScripts {
    /// Records a queue's shard layout unless another process changed it first: the write happens
    /// only when the stored generation is the one the caller read (none: `""`), so two processes
    /// recording at once keep one layout, and each gets back the one that stands.
    ///
    /// Keys: shardLayout (on the queue's own name). ARGV: the expected generation (`""` for none),
    /// then the layout's field/value pairs. Returns the hash as stored afterwards (`HGETALL`).
    static let recordLayout = LuaScript<QueueKeys, Never>(
        keys: [.shardLayout],
        body: """
        local current = redis.call('HGET', shardLayoutKey, Y.generation) or ''
        if current == ARGV[1] then
          redis.call('DEL', shardLayoutKey)
          redis.call('HSET', shardLayoutKey, unpack(ARGV, 2))
        end
        return redis.call('HGETALL', shardLayoutKey)
        """)

    /// What an order's result says in a shard of an earlier layout, and whether a live job
    /// there holds it (leased in `inflight`, or waiting in `retry`), as the claim decides "held".
    ///
    /// Keys: inflight, retry, then the order's result. ARGV: none. Returns `[held ('1' or '0'), status,
    /// unsure, sendingAt, payInfo, paymentId, merchantId, bizPayOrderId, amount,
    /// possibleDuplicate, otherPaymentIds]`, `''` for a missing field.
    static let peekResult = LuaScript<QueueKeys, String>(
        keys: [.inflight, .retry],
        itemKeys: [.result { $0 }],
        body: """
        local r = redis.call('HMGET', resultKey(1), F.status, F.jobId, F.unsure, F.sendingAt, F.payInfo, F.paymentId,
          F.merchantId, F.bizPayOrderId, F.amount, F.possibleDuplicate, F.otherPaymentIds)
        local held = r[2] and ((r[1] == S.sending and redis.call('ZSCORE', inflightKey, r[2]))
          or (r[1] == S.retrying and redis.call('ZSCORE', retryKey, r[2])))
        local out = {held and '1' or '0'}
        for i = 1, 11 do
          if i ~= 2 then out[#out + 1] = r[i] or '' end
        end
        return out
        """)

    /// Takes a look at the oldest pending orders of a retired shard for forwarding, under a short
    /// lock so that one worker at a time forwards it.
    ///
    /// Keys: pending, forwarding. ARGV: max count, owner, lock ms. Returns the oldest elements,
    /// newest first (as `LRANGE` gives them), or false while another owner holds the lock.
    static let forwardTake = LuaScript<QueueKeys, Never>(
        keys: [.pending, .forwarding],
        body: """
        local owner = redis.call('GET', forwardingKey)
        if owner and owner ~= ARGV[2] then return false end
        local items = redis.call('LRANGE', pendingKey, -tonumber(ARGV[1]), -1)
        -- An empty shard is only looked at: no write per look.
        if #items > 0 then redis.call('SET', forwardingKey, ARGV[2], 'PX', ARGV[3]) end
        return items
        """)

    /// Removes the elements `forwardTake` returned, once they are in their current shards, if
    /// they are still the oldest (anything pushed back to that end meanwhile, by recovery or a
    /// retry, makes it remove nothing: the caller looks again).
    ///
    /// Keys: pending, forwarding. ARGV: owner, then the elements as `forwardTake` returned them.
    /// Returns how many were removed (0 when the tail changed or the lock is another's).
    static let forwardDrop = LuaScript<QueueKeys, Never>(
        keys: [.pending, .forwarding],
        body: """
        if redis.call('GET', forwardingKey) ~= ARGV[1] then return 0 end
        local n = #ARGV - 1
        local tail = redis.call('LRANGE', pendingKey, -n, -1)
        if #tail ~= n then return 0 end
        for i = 1, n do
          if tail[i] ~= ARGV[i + 1] then return 0 end
        end
        redis.call('LTRIM', pendingKey, 0, -(n + 1))
        return n
        """)
}
