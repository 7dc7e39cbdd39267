import PaylinkRedis

extension QueueScripts {
    /// Extends the leases of jobs still held; a job whose lease already went is not revived.
    ///
    /// Keys: inflight. ARGV: lease ms, then job IDs. Returns the IDs no longer held.
    static let renew = LuaScript<QueueKeys, Never>(
        keys: [.inflight],
        body: LuaSnippets.now + """
        local deadline = now + tonumber(ARGV[1])
        local lost = {}
        for i = 2, #ARGV do
          if redis.call('ZSCORE', inflightKey, ARGV[i]) then
            redis.call('ZADD', inflightKey, 'XX', deadline, ARGV[i])
          else
            lost[#lost + 1] = ARGV[i]
          end
        end
        return lost
        """)

    /// Returns jobs whose lease expired (their worker died or lost Redis) to the consumer end of
    /// the queue. Their results still say `sending`, so the next claim knows a call may have gone out.
    ///
    /// Keys: inflight, jobs, pending. ARGV: max count. Returns how many went back.
    static let recoverExpired = LuaScript<QueueKeys, Never>(
        keys: [.inflight, .jobs, .pending],
        body: LuaSnippets.now + LuaSnippets.requeueDue + """
        return requeueDue(inflightKey, jobsKey, pendingKey, tonumber(ARGV[1]))
        """)

    /// Moves retries that are due back to the consumer end of the queue, oldest first.
    ///
    /// Keys: retry, jobs, pending. ARGV: max count. Returns how many moved.
    static let promoteDue = LuaScript<QueueKeys, Never>(
        keys: [.retry, .jobs, .pending],
        body: LuaSnippets.now + LuaSnippets.requeueDue + """
        return requeueDue(retryKey, jobsKey, pendingKey, tonumber(ARGV[1]))
        """)
}
