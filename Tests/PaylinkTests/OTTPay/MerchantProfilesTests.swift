import Foundation
import Logging
import Paylink
import PaylinkHTTP
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import ServiceLifecycle
import Testing

/// Merchant profiles: the file's rules, and orders routed to their account end to end.
@Suite(.timeLimit(.minutes(2)))
struct MerchantProfilesTests {
    private let environment = ["EU_KEY": "eu-key"]

    @Test func aProfilesFileIsRead() throws {
        let json = #"{"default":"main","profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY","rate":200,"burst":20,"maxInFlight":50},"eu":{"appId":"ON2","appKeyEnv":"EU_KEY","apiBaseURL":"http://127.0.0.1:9"}}}"#
        let profiles = try MerchantProfiles.load(Array(json.utf8), environment: environment)
        #expect(profiles.defaultName == "main")
        #expect(profiles.profiles.map(\.name) == ["eu", "main"])
        let main = try #require(profiles.profiles.last)
        #expect(main.rateLimit == RateLimitConfiguration(requestsPerSecond: 200, burst: 20, maxInFlight: 50))
        #expect(profiles.profiles.first?.api.baseURL == "http://127.0.0.1:9" && profiles.profiles.first?.rateLimit == nil)
    }

    @Test(arguments: [
        (#"{"profiles":{}}"#, "at least one profile"),
        (#"{"default":"x","profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY"}}}"#, "\"default\" must name"),
        (#"{"profiles":{"main":{"appKeyEnv":"EU_KEY"}}}"#, "profile \"main\": \"appId\" is required"),
        (#"{"profiles":{"main":{"appId":"ON1","appKey":"inline"}}}"#, "never written in this file"),
        (#"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"MISSING"}}}"#, "MISSING"),
        (#"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY","rate":"fast"}}}"#, "\"rate\" must be a number"),
        (#"{"profiles":{"bad name":{"appId":"ON1","appKeyEnv":"EU_KEY"}}}"#, "bad name"),
        (#"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY","rate":1e400}}}"#, "profile \"main\": \"rate\" 1e400 must be between"),
        (#"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY","rate":-1e400}}}"#, "\"rate\" -1e400 must be between"),
        (#"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY","rate":1e20}}}"#, "\"rate\" 1e20 must be between"),
        (#"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY","rate":10,"burst":1e400}}}"#, "--burst"),
        (#"{"profiles":{"main":{"appId":"ON1","appKeyEnv":"EU_KEY","apiBaseURL":"http://127.0.0.1@evil.example"}}}"#, "loopback"),
    ])
    func badFilesAreRefusedNamingTheProblem(json: String, named: String) {
        do {
            _ = try MerchantProfiles.load(Array(json.utf8), environment: environment)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.contains(named), "\(error.description)")
            #expect(!error.description.contains("eu-key"))
        }
    }

    @Test func ordersUseTheAccountTheyNameAndAnUnknownOneIsInvalid() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("merchants"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(credentials: ["ON00000185": "k-main", "ON00000999": "k-eu"]))
        defer { mock.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let logger = Logger(label: "merchants")
        var accounts: [String: MerchantAccounts.Account] = [:]
        for (name, appId, key) in [("main", "ON00000185", "k-main"), ("eu", "ON00000999", "k-eu")] {
            let api = try OTTPayConfiguration(baseURL: mock.baseURL, appId: appId, appKey: Secret(key))
            accounts[name] = .init(api: OTTPayClient(configuration: api, http: http, logger: logger), limiter: nil)
        }
        let base = #""amount":"100","callbackURL":"https://a.example/c","returnURL":"https://a.example/r""#
        try await queue.enqueue([
            Array(#"{"orderId":"m-1",\#(base)}"#.utf8),
            Array(#"{"orderId":"m-2",\#(base),"merchant":"eu"}"#.utf8),
            Array(#"{"orderId":"m-3",\#(base),"merchant":"nope"}"#.utf8),
        ])
        var configuration = WorkerConfiguration(keys: keys)
        configuration.spoolDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        let blocking = try await TestRedis.client(url, name: "wait")
        defer { blocking.shutdown() }
        let worker = Worker(
            configuration: configuration, redis: redis, blockingRedis: blocking,
            merchants: MerchantAccounts(defaultName: "main", accounts: accounts), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [worker], logger: logger))
        let running = Task { try await group.run() }
        try await poll("three results") { try await queue.status().resultCount == 3 }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(try await queue.result(orderId: "m-1")?[ResultField.merchantId] == "ON00000185")
        #expect(try await queue.result(orderId: "m-2")?[ResultField.merchantId] == "ON00000999")
        let unknown = try await queue.result(orderId: "m-3") ?? [:]
        #expect(unknown[ResultField.status] == "invalid" && unknown[ResultField.errorMessage]?.hasPrefix("merchant:") == true)
    }
}
