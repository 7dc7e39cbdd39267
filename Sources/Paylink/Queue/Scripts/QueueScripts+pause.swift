import PaylinkRedis

extension QueueScripts {
    /// Pauses a queue for the whole fleet: the claim script takes nothing while the hash exists.
    /// Pausing a paused queue replaces the reason and who, and keeps when it began.
    ///
    /// KEYS: paused. ARGV: reason, by. Returns 1 when the queue was not paused before, else 0.
    static let pause = RedisScript(
        LuaSnippets.now + """
        local fresh = redis.call('EXISTS', KEYS[1]) == 0
        redis.call('HSET', KEYS[1], 'reason', ARGV[1], 'by', ARGV[2])
        if fresh then
          redis.call('HSET', KEYS[1], 'at', nowText)
          return 1
        end
        return 0
        """)
}
