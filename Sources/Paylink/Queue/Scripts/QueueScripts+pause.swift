import PaylinkRedis

extension QueueScripts {
    /// Pauses a queue for the whole fleet: the claim script takes nothing while the hash exists.
    /// Pausing a paused queue replaces the reason and who, and keeps when it began.
    ///
    /// Keys: paused. ARGV: reason, by. Returns 1 when the queue was not paused before, else 0.
    static let pause = LuaScript<QueueKeys, Never>(
        keys: [.paused],
        body: LuaSnippets.now + """
        local fresh = redis.call('EXISTS', pausedKey) == 0
        redis.call('HSET', pausedKey, P.reason, ARGV[1], P.by, ARGV[2])
        if fresh then
          redis.call('HSET', pausedKey, P.at, nowText)
          return 1
        end
        return 0
        """)
}
