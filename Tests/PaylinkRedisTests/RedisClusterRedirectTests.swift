@testable import PaylinkRedis
import Testing

struct RedisClusterRedirectTests {
    private let asked = RedisNodeAddress(host: "10.0.0.9", port: 7000)

    @Test func readsMovedAndAsk() {
        #expect(
            RedisClusterRedirect(errorMessage: "MOVED 3999 127.0.0.1:6381", askedNode: asked)
                == .moved(slot: 3999, to: RedisNodeAddress(host: "127.0.0.1", port: 6381)))
        #expect(
            RedisClusterRedirect(errorMessage: "ASK 0 redis-2.local:7001", askedNode: asked)
                == .ask(slot: 0, to: RedisNodeAddress(host: "redis-2.local", port: 7001)))
        #expect(
            RedisClusterRedirect(errorMessage: "MOVED 16383 [::1]:7002", askedNode: asked)
                == .moved(slot: 16383, to: RedisNodeAddress(host: "::1", port: 7002)))
    }

    @Test func anEmptyOrUnknownHostMeansTheNodeThatAnswered() {
        #expect(
            RedisClusterRedirect(errorMessage: "MOVED 12 :7005", askedNode: asked)
                == .moved(slot: 12, to: RedisNodeAddress(host: "10.0.0.9", port: 7005)))
        #expect(
            RedisClusterRedirect(errorMessage: "ASK 12 ?:7005", askedNode: asked)
                == .ask(slot: 12, to: RedisNodeAddress(host: "10.0.0.9", port: 7005)))
    }

    @Test func waitsOnTryagainAndClusterdown() {
        #expect(RedisClusterRedirect(errorMessage: "TRYAGAIN Multiple keys request during rehashing of slot", askedNode: asked) == .retryLater)
        #expect(RedisClusterRedirect(errorMessage: "CLUSTERDOWN The cluster is down", askedNode: asked) == .retryLater)
    }

    @Test func malformedRedirectsAndOtherErrorsAreNotRedirects() {
        for message in [
            "MOVED 16384 127.0.0.1:7000", "MOVED -1 127.0.0.1:7000", "MOVED 1 127.0.0.1:0", "MOVED 1 127.0.0.1:65536",
            "MOVED 1 127.0.0.1", "MOVED x 127.0.0.1:7000", "ASK 1", "ERR MOVED 1 h:1", "NOSCRIPT No matching script",
            "MOVEDX 1 h:1",
        ] {
            #expect(RedisClusterRedirect(errorMessage: message, askedNode: asked) == nil, "\(message)")
        }
    }
}
