import PaylinkRedis

/// Store: the Redis side of the fleet's shared bearer token (the token hash and its refresh
/// lock); it decides nothing, `SharedTokenProvider` does.
struct SharedTokenStore: Sendable {
    /// A token as Redis holds it.
    struct Stored: Sendable {
        var value: Secret
        /// Time left before the API's `expired`, by Redis's clock.
        var remaining: Duration
        var generation: Int64
    }

    let keys: TokenKeys
    let redis: RedisClient

    /// The stored token, or `nil` when there is none (never fetched, expired or invalidated) or
    /// the hash is not believable (a lifetime beyond ``TokenFetcher/longestLifetimeMillis``, as
    /// only a hand edit can write): the caller then refreshes and overwrites it.
    func read() async throws(RedisError) -> Stored? {
        let reply = try await redis.run(Self.readScript, keys: keys, arguments: [])
        guard let fields = reply.array, fields.count == 3, let value = fields[0].string, !value.isEmpty,
            let remaining = fields[1].int, remaining <= TokenFetcher.longestLifetimeMillis, let generation = fields[2].int
        else { return nil }
        return Stored(value: Secret(value), remaining: .milliseconds(remaining), generation: generation)
    }

    /// Takes the refresh lock for `timeout` unless another process holds it.
    /// - Returns: whether this caller now owns the lock.
    func lock(owner: String, timeout: Duration) async throws(RedisError) -> Bool {
        let reply = try await redis.send(
            RedisCommand("SET", keys.tokenLock, owner, "NX", "PX", max(1, timeout.milliseconds)))
        return !reply.isNull
    }

    /// Releases the refresh lock if `owner` still holds it.
    func unlock(owner: String) async throws(RedisError) {
        _ = try await redis.run(Self.unlockScript, keys: keys, arguments: [owner])
    }

    /// Stores `token` for the fleet and releases `owner`'s lock, in one step.
    /// - Returns: the token's generation (0 if it had already expired and was not stored) and its
    ///   time left by Redis's clock.
    func save(_ token: TokenFetcher.Fetched, owner: String) async throws(RedisError) -> (generation: Int64, remaining: Duration) {
        let reply = try await redis.run(
            Self.saveScript, keys: keys,
            arguments: [token.value.reveal(), token.expiredMillis, owner])
        guard let fields = reply.array, fields.count == 2, let generation = fields[0].int, let remaining = fields[1].int else {
            throw RedisError(code: .protocolError, command: "EVALSHA", message: "unexpected reply to the token save script")
        }
        return (generation, .milliseconds(remaining))
    }

    /// Deletes the stored token if it is still `token`.
    /// - Returns: whether it was deleted (false: already replaced or gone).
    func invalidate(_ token: Secret) async throws(RedisError) -> Bool {
        try await redis.run(Self.invalidateScript, keys: keys, arguments: [token.reveal()]).int == 1
    }
}
