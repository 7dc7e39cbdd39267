import PaylinkRedis

extension QueueScripts {
    /// Extends the leases of jobs still held; a job whose lease already went is not revived.
    ///
    /// KEYS: inflight. ARGV: lease ms, then job IDs. Returns the IDs no longer held.
    static let renew = RedisScript(
        LuaSnippets.now + """
        local deadline = now + tonumber(ARGV[1])
        local lost = {}
        for i = 2, #ARGV do
          if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
            redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[i])
          else
            lost[#lost + 1] = ARGV[i]
          end
        end
        return lost
        """)

    /// Returns jobs whose lease expired (their worker died or lost Redis) to the consumer end of
    /// the queue. Their results still say `sending`, so the next claim knows a call may have gone out.
    ///
    /// KEYS: inflight, jobs, pending. ARGV: max count. Returns how many went back.
    static let recoverExpired = RedisScript(
        LuaSnippets.now + LuaSnippets.requeueDue + """
        return requeueDue(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[1]))
        """)

    /// Moves retries that are due back to the consumer end of the queue, oldest first.
    ///
    /// KEYS: retry, jobs, pending. ARGV: max count. Returns how many moved.
    static let promoteDue = RedisScript(
        LuaSnippets.now + LuaSnippets.requeueDue + """
        return requeueDue(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[1]))
        """)
}
