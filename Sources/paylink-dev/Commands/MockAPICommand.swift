import ArgumentParser
import PaylinkCLI
import Foundation
import Logging
import PaylinkServer
import ServiceLifecycle
import UnixSignals

/// `paylink mock-api`: the local OTT Pay stand-in, with latency and fault injection.
struct MockAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-api",
        abstract: "Run the local OTT Pay API stand-in (Alipay has no sandbox).",
        discussion: """
            It accepts the merchant PAYLINK_APP_ID / PAYLINK_APP_KEY when set, else the demo merchant
            ON00000185 / demo-app-key-0e83. Fault shares are fractions of pay calls (0 to 1).
            GET /mock/stats, GET /mock/duplicates, PUT /mock/faults, POST /mock/revoke-tokens and
            POST /mock/reset serve tests and operators.
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).") var host = "127.0.0.1"
    @Option(help: "Port; 0 picks a free one (default 8089).") var port = 8089
    @Option(name: .customLong("token-lifetime"), help: "Seconds a token lives (default 900).") var tokenLifetime: Double = 900
    @Option(name: .customLong("latency-ms"), help: "Fixed delay per pay call.") var latencyMs: Int = 0
    @Option(name: .customLong("jitter-ms"), help: "Extra random delay per pay call, 0...N ms.") var jitterMs: Int = 0
    @Option(name: .customLong("rate-limit"), help: "Pay calls allowed per second; the excess gets 429.") var rateLimit: Int?
    @Option(name: .customLong("fail-unavailable"), help: "Share answered 503, nothing created.") var unavailable: Double = 0
    @Option(name: .customLong("fail-database"), help: "Share answered ERROR 20004, nothing created.") var databaseError: Double = 0
    @Option(name: .customLong("fail-rate-limited"), help: "Share answered 429 with Retry-After.") var rateLimited: Double = 0
    @Option(name: .customLong("fail-server-error"), help: "Share that create a link, then answer 500/502/504.") var serverError: Double = 0
    @Option(name: .customLong("fail-hang"), help: "Share that create a link, then never answer.") var hang: Double = 0
    @Option(name: .customLong("fail-malformed"), help: "Share that create a link, then answer a broken body.") var malformed: Double = 0
    @Option(name: .customLong("early-token-expiry"), help: "Share of tokens that stop working after 2 s.") var earlyTokenExpiry: Double = 0
    @Flag(name: .customLong("static"), help: "Benchmark mode: one canned SUCCESS for every pay call, no checks.") var staticResponses = false
    @Option(help: "Seed for repeatable fault draws.") var seed: UInt64?
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        for (flag, share) in [("--fail-unavailable", unavailable), ("--fail-database", databaseError), ("--fail-rate-limited", rateLimited),
                              ("--fail-server-error", serverError), ("--fail-hang", hang), ("--fail-malformed", malformed),
                              ("--early-token-expiry", earlyTokenExpiry)] where !(0...1).contains(share) {
            throw ValidationError("invalid \(flag): \(share) is not a share between 0 and 1")
        }
        guard (0...65535).contains(port) else { throw ValidationError("invalid --port: \(port)") }
        guard latencyMs >= 0, jitterMs >= 0 else { throw ValidationError("invalid --latency-ms/--jitter-ms: must not be negative") }
        guard tokenLifetime > 0 else { throw ValidationError("invalid --token-lifetime: must be positive") }
        if let rateLimit, rateLimit < 1 { throw ValidationError("invalid --rate-limit: must be at least 1") }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "paylink.mock-api")
        let server = MockAPIServer(configuration: mockConfiguration(), logger: logger) { port in
            // Unbuffered, so a script waiting for this line sees it at once.
            FileHandle.standardOutput.write(Data("mock-api listening on http://\(host):\(port)\n".utf8))
        }
        let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    func mockConfiguration() -> MockAPIConfiguration {
        var configuration = MockAPIConfiguration(
            host: host, port: port, tokenLifetime: .milliseconds(Int64(tokenLifetime * 1000)),
            latency: .milliseconds(latencyMs), latencyJitter: .milliseconds(jitterMs), rateLimit: rateLimit,
            staticResponses: staticResponses, seed: seed)
        if let appId = Environment.value("PAYLINK_APP_ID"), let appKey = Environment.value("PAYLINK_APP_KEY") {
            configuration.credentials = [appId: appKey]
        }
        configuration.faults.unavailable = unavailable
        configuration.faults.databaseError = databaseError
        configuration.faults.rateLimited = rateLimited
        configuration.faults.serverError = serverError
        configuration.faults.hang = hang
        configuration.faults.malformed = malformed
        configuration.faults.earlyTokenExpiry = earlyTokenExpiry
        return configuration
    }
}
