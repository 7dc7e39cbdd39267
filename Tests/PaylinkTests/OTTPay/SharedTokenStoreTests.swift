import PaylinkRedis
import PaylinkTestSupport
import Testing

@testable import Paylink

/// The fleet's token hash as Redis holds it, including hashes edited by hand.
struct SharedTokenStoreTests {
    @Test(arguments: ["1e19", "1e400", "9223372036854775807", "99999999999999999999"])
    func aStoredExpiryBeyondADayIsNotBelieved(expiredAt: String) async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let keys = try TokenKeys(appId: TestRedis.uniqueQueue("tok"), apiBaseURL: "https://api.example")
        let store = SharedTokenStore(keys: keys, redis: redis)
        _ = try await redis.send(RedisCommand("HSET", keys.token, "token", "t-1", "expiredAt", expiredAt, "generation", "1"))
        #expect(try await store.read() == nil, "a refresh replaces it")
        _ = try await redis.send(RedisCommand("DEL", keys.token))
    }

    @Test func aSaneStoredTokenIsRead() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let keys = try TokenKeys(appId: TestRedis.uniqueQueue("tok"), apiBaseURL: "https://api.example")
        let store = SharedTokenStore(keys: keys, redis: redis)
        let expiry = UnixTime.milliseconds() + 600_000
        let saved = try await store.save(TokenFetcher.Fetched(value: Secret("t-2"), expiredMillis: expiry), owner: "me")
        #expect(saved.generation == 1)
        let stored = try #require(try await store.read())
        #expect(stored.value == Secret("t-2") && stored.remaining > .seconds(500) && stored.remaining <= .seconds(600))
        _ = try await redis.send(RedisCommand("DEL", keys.token))
    }
}
