import PaylinkRedis

extension QueueScripts {
    /// Marks orders as sent just before their API calls are made (`sendingAt`), and fences the
    /// calls: a job whose lease is gone, or whose order's result names another job, is told not to
    /// call. A claim that finds `sending` without this mark knows the vanished job never called,
    /// so the order is taken again without a `possibleDuplicate` flag.
    ///
    /// Keys: inflight, then per job its order's result. ARGV: the job IDs, in the jobs' order.
    /// Returns per job 1 (marked: make the call) or 0 (do not call).
    static let markSent = LuaScript<QueueKeys, (jobId: String, orderId: String)>(
        keys: [.inflight], itemKeys: [.result { $0.orderId }],
        body: LuaSnippets.now + """
        local out = {}
        for i = 1, #ARGV do
          local id = ARGV[i]
          local rkey = resultKey(i)
          if redis.call('ZSCORE', inflightKey, id) and redis.call('HGET', rkey, F.jobId) == id then
            redis.call('HSET', rkey, F.sendingAt, nowText)
            out[i] = 1
          else
            out[i] = 0
          end
        end
        return out
        """)
}
