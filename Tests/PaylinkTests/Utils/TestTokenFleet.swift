import Foundation
import Logging
import Paylink
import PaylinkHTTP
import PaylinkRedis
import PaylinkServer

/// Several `SharedTokenProvider`s, each with its own Redis and HTTP clients like separate worker
/// processes, for one merchant whose appId no other test uses (so its Redis keys are private).
final class TestTokenFleet: Sendable {
    let appId: String
    let configuration: OTTPayConfiguration
    let providers: [SharedTokenProvider]
    let clients: [OTTPayClient]
    let redis: [RedisClient]
    private let http: [HTTPClient]

    static let appKey = "fleet-app-key"

    /// A stand-in that knows `appId`; start it before the fleet.
    static func mockConfiguration(appId: String, tokenLifetime: Duration) -> MockAPIConfiguration {
        MockAPIConfiguration(credentials: [appId: appKey], tokenLifetime: tokenLifetime)
    }

    init(
        size: Int, appId: String, mock: TestMockAPI, redisURL: RedisURL, margin: Duration,
        options: SharedTokenOptions, redisConfigure: (inout RedisConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = try OTTPayConfiguration(baseURL: mock.baseURL, appId: appId, appKey: Secret(Self.appKey))
        configuration.tokenRefreshMargin = margin
        var providers: [SharedTokenProvider] = []
        var clients: [OTTPayClient] = []
        var redis: [RedisClient] = []
        var http: [HTTPClient] = []
        for index in 0..<size {
            let logger = Logger(label: "fleet-\(index)")
            var redisConfiguration = RedisConfiguration(url: redisURL, name: "fleet-\(index)")
            redisConfigure(&redisConfiguration)
            let redisClient = RedisClient(configuration: redisConfiguration, logger: logger)
            let httpClient = try HTTPClient()
            let provider = try SharedTokenProvider(
                configuration: configuration, http: httpClient, redis: redisClient, options: options, logger: logger)
            providers.append(provider)
            clients.append(OTTPayClient(configuration: configuration, http: httpClient, tokens: provider))
            redis.append(redisClient)
            http.append(httpClient)
        }
        self.appId = appId
        self.configuration = configuration
        self.providers = providers
        self.clients = clients
        self.redis = redis
        self.http = http
    }

    /// Token calls made by the whole fleet, by the providers' own counts.
    func fetchCount() async -> Int {
        var total = 0
        for provider in providers { total += await provider.fetchCount }
        return total
    }

    func shutdown() {
        for client in redis { client.shutdown() }
        for client in http { client.shutdown() }
    }

    static func uniqueAppId() -> String {
        "T" + UUID().uuidString.prefix(8)
    }

    static func order(_ index: Int) -> Order {
        Order(
            orderId: "tok-\(index)", amount: String(100 + index),
            callbackURL: "https://shop.example/notify/tok-\(index)", returnURL: "https://shop.example/orders/tok-\(index)")
    }
}
