import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// An in-process Hummingbird stand-in on 127.0.0.1 with the routes the client tests need.
///
/// This file imports Hummingbird but not PaylinkHTTP, so the two `HTTPRequest` types never meet.
/// Routes:
/// - `POST /echo`: returns the body and its Content-Type.
/// - `GET|POST|PUT|DELETE /method`: returns "METHOD bodyLength".
/// - `GET /headers`: returns `X-Custom` as `X-Echo-Custom` plus `X-Multi` twice.
/// - `GET /bytes?count=N[&stream=1]`: N bytes of `byte(at:)`, with Content-Length or chunked.
/// - `GET /slow?ms=N`: counts the arrival in `slowArrivals`, then answers after N ms (or at shutdown).
/// - `GET /retry?value=V`: 503 with `Retry-After: V`.
final class TestServer: Sendable {
    let port: Int
    /// Requests that reached `/slow`, so tests can wait until one is in flight.
    let slowArrivals: Counter

    private init(port: Int, slowArrivals: Counter) {
        self.port = port
        self.slowArrivals = slowArrivals
    }

    func url(_ pathAndQuery: String) -> String {
        "http://127.0.0.1:\(port)\(pathAndQuery)"
    }

    /// The byte at `index` of a `/bytes` body: a pattern that catches reordering or loss.
    static func byte(at index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: index &* 31 &+ index / 251)
    }

    /// Runs `body` while a fresh server listens on an ephemeral loopback port, then shuts it
    /// down gracefully (cancelling it instead trips NIO's "NIOAsyncWriter without finish()" check).
    static func withServer<T: Sendable>(_ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let arrivals = Counter()
        let stopping = Flag()
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        let app = Application(
            router: makeRouter(arrivals: arrivals, stopping: stopping),
            // Room for 500 connections opened at once: the default backlog of 256 drops SYNs under load.
            configuration: .init(address: .hostname("127.0.0.1", port: 0), backlog: 2048),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serviceGroup.run() }
            let outcome: Result<T, any Error>
            var portIterator = ports.makeAsyncIterator()
            if let port = await portIterator.next(), port > 0 {
                do {
                    outcome = .success(try await body(TestServer(port: port, slowArrivals: arrivals)))
                } catch {
                    outcome = .failure(error)
                }
            } else {
                outcome = .failure(TestServerError.didNotStart)
            }
            stopping.set()  // ends slow handlers, so graceful shutdown does not wait for them
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return try outcome.get()
        }
    }

    private static func makeRouter(arrivals: Counter, stopping: Flag) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            var headers = HTTPFields()
            headers[.contentType] = request.headers[.contentType] ?? "application/octet-stream"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
        let methodHandler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "\(request.method.rawValue) \(body.readableBytes)")))
        }
        router.get("method", use: methodHandler)
        router.post("method", use: methodHandler)
        router.put("method", use: methodHandler)
        router.delete("method", use: methodHandler)
        router.get("headers") { request, _ -> Response in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Echo-Custom")!] = request.headers[HTTPField.Name("X-Custom")!] ?? "missing"
            headers.append(HTTPField(name: HTTPField.Name("X-Multi")!, value: "one"))
            headers.append(HTTPField(name: HTTPField.Name("X-Multi")!, value: "two"))
            return Response(status: .ok, headers: headers)
        }
        router.get("bytes") { request, _ -> Response in
            let count = Int(request.uri.queryParameters["count"] ?? "0") ?? 0
            let buffer = ByteBuffer(bytes: (0..<count).map(byte(at:)))
            if request.uri.queryParameters["stream"] == "1" {
                // Split in two writes without a length, so the client sees a chunked body.
                let half = buffer.getSlice(at: 0, length: count / 2) ?? ByteBuffer()
                let rest = buffer.getSlice(at: count / 2, length: count - count / 2) ?? ByteBuffer()
                return Response(status: .ok, body: .init(contentsOf: [half, rest]))
            }
            return Response(status: .ok, body: .init(byteBuffer: buffer))
        }
        router.get("slow") { request, _ -> Response in
            arrivals.increment()
            let milliseconds = Int(request.uri.queryParameters["ms"] ?? "0") ?? 0
            let deadline = ContinuousClock.now.advanced(by: .milliseconds(milliseconds))
            while ContinuousClock.now < deadline, !stopping.isSet {
                try await Task.sleep(for: .milliseconds(10))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "slow done")))
        }
        router.get("retry") { request, _ -> Response in
            var headers = HTTPFields()
            headers[.retryAfter] = String(request.uri.queryParameters["value"] ?? "")
            return Response(status: .serviceUnavailable, headers: headers)
        }
        return router
    }
}

enum TestServerError: Error {
    case didNotStart
}
