import Logging
import PaylinkRedis

extension SharedTokenProvider {
    /// Takes a fresh token from Redis, or refreshes it under the lock, or (lock held elsewhere)
    /// keeps the current token or polls until the holder writes or its lock lapses.
    func synchronizeThroughRedis() async throws -> Secret {
        // Past this, the lock holder is stuck and Redis misbehaves: stop waiting for the fleet.
        let deadline = ContinuousClock.now + options.lockTimeout * 2
        while true {
            if let stored = try await store.read(), let value = adopt(stored), stored.remaining > margin {
                return value
            }
            if try await store.lock(owner: owner, timeout: options.lockTimeout) {
                return try await refreshHoldingLock()
            }
            if let valid = validToken { return valid }
            if ContinuousClock.now >= deadline {
                logger.warning("No shared API token appeared in time; fetching one for this process")
                return try await fetchAlone()
            }
            try? await Task.sleep(for: options.pollInterval)
        }
    }

    /// Re-reads (another process may have refreshed between our read and our lock), fetches only
    /// if still needed, then stores the token and releases the lock in one script.
    private func refreshHoldingLock() async throws -> Secret {
        let fetched: TokenFetcher.Fetched
        do {
            if let stored = try await store.read(), let value = adopt(stored), stored.remaining > margin {
                try await store.unlock(owner: owner)
                return value
            }
            fetched = try await fetchCounted()
        } catch let failure as PayFailure {
            try? await store.unlock(owner: owner)
            throw failure
        }
        do {
            let (generation, remaining) = try await store.save(fetched, owner: owner)
            guard generation > 0 else { return hold(fetched.value, for: fetched.localLifetime, generation: 0) }
            logger.debug("Stored a new shared API token", metadata: ["generation": "\(generation)"])
            return hold(fetched.value, for: remaining, generation: generation)
        } catch {
            enterFallback(error)
            return hold(fetched.value, for: fetched.localLifetime, generation: 0)
        }
    }

    /// Fetches a token for this process only (Redis away or the fleet's refresh stuck).
    func fetchAlone() async throws -> Secret {
        let fetched = try await fetchCounted()
        return hold(fetched.value, for: fetched.localLifetime, generation: 0)
    }

    private func fetchCounted() async throws(PayFailure) -> TokenFetcher.Fetched {
        fetchCount += 1
        return try await fetcher.fetch()
    }

    /// Caches a token read from Redis unless it expired or the API refused it here.
    private func adopt(_ stored: SharedTokenStore.Stored) -> Secret? {
        guard stored.remaining > .zero, stored.value != refused else { return nil }
        if current?.generation != stored.generation || current?.value != stored.value {
            logger.debug("Using the shared API token", metadata: ["generation": "\(stored.generation)"])
        }
        return hold(stored.value, for: stored.remaining, generation: stored.generation)
    }

    private func hold(_ value: Secret, for lifetime: Duration, generation: Int64) -> Secret {
        let now = ContinuousClock.now
        current = Cached(value: value, refreshAt: now + lifetime - margin, expiresAt: now + lifetime, generation: generation)
        return value
    }

    private var validToken: Secret? {
        guard let current, ContinuousClock.now < current.expiresAt else { return nil }
        return current.value
    }

    /// Switches this process to fetching its own tokens for a while; logs only the first failure.
    func enterFallback(_ error: any Error) {
        if redisRetryAt == nil {
            logger.warning(
                "Redis is unreachable for the shared API token; this process fetches its own until it answers",
                metadata: ["error": "\(error)"])
        }
        redisRetryAt = .now + options.redisRetryInterval
    }
}
