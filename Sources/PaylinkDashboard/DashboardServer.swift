public import Hummingbird
import Logging
import NIOCore
public import ServiceLifecycle

/// Serves a ``Dashboard`` over HTTP until graceful shutdown (a `Service`).
///
/// Plain HTTP: put a TLS proxy in front of a dashboard reachable from other hosts (and have it
/// send `X-Forwarded-Proto: https`, or run with `--secure-cookies always`, so cookies are `Secure`).
public struct DashboardServer: Service {
    let dashboard: Dashboard
    let onListening: @Sendable (_ port: Int) async -> Void

    /// - Parameter onListening: called once the socket is bound, with the port (useful with 0).
    public init(dashboard: Dashboard, onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) {
        self.dashboard = dashboard
        self.onListening = onListening
    }

    public func run() async throws {
        try await makeApplication().run()
    }

    /// The Hummingbird application behind `run()`; tests drive it with `HummingbirdTesting`.
    public func makeApplication() -> some ApplicationProtocol {
        let address = dashboard.configuration.address
        let logger = dashboard.logger
        let onListening = self.onListening
        return Application(
            router: dashboard.makeRouter(),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("Dashboard listening", metadata: ["address": "\(address.host)", "port": "\(port)"])
                await onListening(port)
            },
            logger: logger)
    }
}
