import PaylinkRedis

extension QueueScripts {
    /// Marks orders as sent just before their API calls are made (`sendingAt`), and fences the
    /// calls: a job whose lease is gone, or whose order's result names another job, is told not to
    /// call. A claim that finds `sending` without this mark knows the vanished job never called,
    /// so the order is taken again without a `possibleDuplicate` flag.
    ///
    /// KEYS: inflight. ARGV: key prefix, then pairs of jobId and orderId.
    /// Returns per pair 1 (marked: make the call) or 0 (do not call).
    static let markSent = RedisScript(
        LuaSnippets.now + """
        local out = {}
        for i = 2, #ARGV, 2 do
          local id = ARGV[i]
          local rkey = ARGV[1] .. 'result:' .. ARGV[i + 1]
          if redis.call('ZSCORE', KEYS[1], id) and redis.call('HGET', rkey, 'jobId') == id then
            redis.call('HSET', rkey, 'sendingAt', nowText)
            out[#out + 1] = 1
          else
            out[#out + 1] = 0
          end
        end
        return out
        """)
}
