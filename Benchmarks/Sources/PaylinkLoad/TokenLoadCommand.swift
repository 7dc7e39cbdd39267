import ArgumentParser
import Logging
import Paylink
import PaylinkHTTP
import PaylinkRedis

/// Runs K `SharedTokenProvider`s (each with its own Redis and HTTP clients, like K worker
/// processes) for S seconds, hammering `token()` and making one pay call per provider per second,
/// then prints the API's token calls against the refresh periods that passed.
///
/// Start the stand-in with short tokens first: `paylink mock-api --token-lifetime 120`.
struct TokenLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token")
    @Option(name: .customLong("base-url")) var baseURL: String
    @Option(name: .customLong("redis-url")) var redisURL: String
    @Option var providers = 8
    @Option var seconds = 1800
    @Option(help: "token() callers per provider") var concurrency = 16
    @Option(name: .customLong("token-lifetime"), help: "the stand-in's --token-lifetime, seconds") var tokenLifetime = 120
    @Option(help: "refresh margin, seconds") var margin = 60
    @Option(name: .customLong("app-id")) var appId = "ON00000185"
    @Option(name: .customLong("app-key")) var appKey = "demo-app-key-0e83"

    func run() async throws {
        guard margin < tokenLifetime else { throw ValidationError("--margin must be below --token-lifetime") }
        let url: RedisURL
        do { url = try RedisURL(redisURL) } catch { throw ValidationError("invalid --redis-url: \(error)") }
        var api = try OTTPayConfiguration(baseURL: baseURL, appId: appId, appKey: Secret(appKey))
        api.tokenRefreshMargin = .seconds(margin)
        var fleet: [(SharedTokenProvider, OTTPayClient)] = []
        var redisClients: [RedisClient] = []
        var httpClients: [HTTPClient] = []
        defer {
            for client in redisClients { client.shutdown() }
            for client in httpClients { client.shutdown() }
        }
        for index in 0..<providers {
            let logger = Logger(label: "token-\(index)")
            let redis = RedisClient(configuration: RedisConfiguration(url: url, name: "token-\(index)"), logger: logger)
            let http = try HTTPClient()
            let provider = try SharedTokenProvider(configuration: api, http: http, redis: redis, logger: logger)
            fleet.append((provider, OTTPayClient(configuration: api, http: http, tokens: provider)))
            redisClients.append(redis)
            httpClients.append(http)
        }
        let before = try await tokenCalls(httpClients[0])
        let start = ContinuousClock.now
        let end = start + .seconds(seconds)
        let (calls, payFailures) = await withTaskGroup(of: (Int, Int).self) { group in
            for (index, (provider, client)) in fleet.enumerated() {
                for _ in 0..<concurrency {
                    group.addTask {
                        var calls = 0
                        while ContinuousClock.now < end {
                            if (try? await provider.token()) != nil { calls += 1 }
                            try? await Task.sleep(for: .milliseconds(10))
                        }
                        return (calls, 0)
                    }
                }
                group.addTask {
                    var failures = 0
                    var order = 0
                    while ContinuousClock.now < end {
                        if case .failure = await client.createPaymentLink(for: Self.order(index, order)) { failures += 1 }
                        order += 1
                        try? await Task.sleep(for: .seconds(1))
                    }
                    return (0, failures)
                }
            }
            return await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        let elapsed = Load.seconds(ContinuousClock.now - start)
        let made = try await tokenCalls(httpClients[0]) - before
        var fetched = 0
        for (provider, _) in fleet { fetched += await provider.fetchCount }
        let period = tokenLifetime - margin
        let refreshes = Int(elapsed) / period + 1
        print(
            "token: \(providers) providers for \(Int(elapsed)) s, \(calls) token() calls, \(payFailures) failed pay calls; "
                + "API token calls \(made) (providers counted \(fetched)) vs \(refreshes) refresh periods of \(period) s "
                + "(\(Int(elapsed) / tokenLifetime) expiries of \(tokenLifetime) s); one token per process would make \(refreshes * providers)")
    }

    private func tokenCalls(_ http: HTTPClient) async throws -> Int {
        let response = try await http.execute(HTTPRequest(url: baseURL + "/mock/stats"))
        guard case .number(let literal)? = try JSONValue.parse(response.body).objectValue?["tokenCalls"] else {
            throw ValidationError("\(baseURL)/mock/stats has no tokenCalls: is it the stand-in?")
        }
        return Int(literal) ?? 0
    }

    private static func order(_ provider: Int, _ index: Int) -> Order {
        Order(
            orderId: "tok-\(provider)-\(index)", amount: String(100 + index % 100_000),
            callbackURL: "https://shop.example.com/ottpay/notify?order=tok-\(provider)-\(index)",
            returnURL: "https://shop.example.com/orders/tok-\(provider)-\(index)")
    }
}
