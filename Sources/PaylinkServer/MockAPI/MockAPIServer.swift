import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// A local stand-in for OTT Pay's e-commerce API (token, web-pay, wap-pay) with fault injection.
///
/// Alipay has no sandbox, so development, demos, tests, chaos runs and benchmarks talk to this
/// instead of production. It answers like the real API (same envelope, codes and validation) and
/// adds `/mock/` endpoints: `GET /mock/stats`, `GET /mock/duplicates`, `GET /mock/mismatches`,
/// `GET /mock/links` (with `recordLinks`), `GET|PUT /mock/faults`, `POST /mock/revoke-tokens`,
/// `POST /mock/reset`.
///
/// Run it as a `Service` in the process's `ServiceGroup`:
/// ```swift
/// let server = MockAPIServer(configuration: .init(port: 8089), logger: logger) { port in
///     logger.info("API stand-in on port \(port)")
/// }
/// let group = ServiceGroup(services: [server], logger: logger)
/// try await group.run()
/// ```
public struct MockAPIServer: Service {
    private let configuration: MockAPIConfiguration
    private let logger: Logger
    private let onListening: @Sendable (_ port: Int) async -> Void
    private let state: MockAPIState

    /// Creates a stand-in; nothing listens until `run()`.
    /// - Parameters:
    ///   - configuration: address, credentials, latency, limits and faults.
    ///   - logger: receives start and stop messages; never a credential or token.
    ///   - onListening: called once the socket is bound, with the actual port (useful with port 0).
    public init(
        configuration: MockAPIConfiguration,
        logger: Logger,
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
        self.state = MockAPIState(configuration: configuration)
    }

    /// Serves until the task is cancelled or a graceful shutdown is triggered; in-flight calls finish
    /// first (hanging calls are cut short).
    /// - Throws: when the address cannot be bound.
    public func run() async throws {
        try await makeApplication().run()
    }

    /// A snapshot of the stats, as `GET /mock/stats` answers.
    public func stats() -> MockAPIStats {
        state.stats()
    }

    /// The fingerprints with more than one link, as `GET /mock/duplicates` answers.
    public func duplicates() -> [MockDuplicate] {
        state.duplicates()
    }

    /// Replaces the faults in force, as `PUT /mock/faults` does.
    /// - Parameter faults: the new faults; shares outside `0...1` are the caller's bug.
    public func setFaults(_ faults: MockFaults) {
        precondition(faults.validationProblem == nil, faults.validationProblem ?? "")
        state.setFaults(faults)
    }

    /// The Hummingbird application behind `run()`; tests drive it with `HummingbirdTesting`.
    func makeApplication() -> Application<MockAPIResponder> {
        let logger = self.logger
        let onListening = self.onListening
        let mode = configuration.staticResponses ? "static responses" : "normal"
        return Application(
            responder: MockAPIResponder(configuration: configuration, state: state),
            // Load tests open a thousand connections at once; the default backlog of 256 would drop SYNs.
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil, backlog: 2048),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("OTT Pay API stand-in listening", metadata: ["port": "\(port)", "mode": "\(mode)"])
                await onListening(port)
            },
            logger: logger
        )
    }
}
