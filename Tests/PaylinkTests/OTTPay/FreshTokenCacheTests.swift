import Logging
@testable import Paylink
import PaylinkHTTP
import Testing

/// The lock-free path to a fresh token: a token is handed out only until its refresh time.
struct FreshTokenCacheTests {
    @Test func aTokenIsFreshUntilItsRefreshTimeAndGoneOnceCleared() {
        let cache = FreshTokenCache()
        #expect(cache.fresh() == nil)
        cache.publish(Secret("t1"), freshUntil: .now + .seconds(60))
        #expect(cache.fresh() == Secret("t1"))
        cache.publish(Secret("t2"), freshUntil: .now - .milliseconds(1))
        #expect(cache.fresh() == nil, "due for a refresh: callers go to the provider")
        cache.publish(Secret("t3"), freshUntil: .now + .seconds(60))
        cache.publish(nil, freshUntil: nil)
        #expect(cache.fresh() == nil)
    }

    @Test func aProviderPublishesItsTokenAndClearsARefusedOne() async throws {
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let tokens = TokenProvider(configuration: try mock.apiConfiguration(), http: http, logger: Logger(label: "test"))
        #expect(tokens.freshToken() == nil)
        let token = try await tokens.token()
        #expect(tokens.freshToken() == token)
        await tokens.invalidate(token)
        #expect(tokens.freshToken() == nil)
    }
}
