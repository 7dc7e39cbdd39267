import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The benchmark's server side: POST / returns a fixed 1 KiB JSON document.
///
/// Kept apart from the client code because Hummingbird and PaylinkHTTP both export `HTTPRequest`.
enum ThroughputServer {
    /// A JSON object padded to exactly 1,024 bytes.
    static let responseJSON: ByteBuffer = {
        let prefix = #"{"status":"ok","pay_url":"https://pay.example/"#
        let suffix = #""}"#
        let padding = String(repeating: "x", count: 1_024 - prefix.utf8.count - suffix.utf8.count)
        return ByteBuffer(string: prefix + padding + suffix)
    }()

    /// A service group running the server; stop it with `triggerGracefulShutdown()` (cancelling
    /// it instead trips NIO's "NIOAsyncWriter without finish()" precondition).
    /// - Parameter onPort: Called once with the bound port.
    static func makeServiceGroup(onPort: @escaping @Sendable (Int) async -> Void) -> ServiceGroup {
        let router = Router()
        router.post("/") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 16)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: responseJSON))
        }
        var logger = Logger(label: "throughput-server")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            // Room for 500 connections opened at once: the default backlog of 256 drops SYNs under load.
            configuration: .init(address: .hostname("127.0.0.1", port: 0), backlog: 2048),
            onServerRunning: { channel in await onPort(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        return ServiceGroup(configuration: .init(services: [app], logger: logger))
    }

    /// Runs `body` with the server's port, then stops the server gracefully.
    static func withServer(_ body: @Sendable (Int) async throws -> Void) async throws {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let serviceGroup = makeServiceGroup { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serviceGroup.run() }
            var portIterator = ports.makeAsyncIterator()
            let port = await portIterator.next() ?? 0
            let outcome: Result<Void, any Error>
            do {
                outcome = .success(try await body(port))
            } catch {
                outcome = .failure(error)
            }
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            try outcome.get()
        }
    }
}
