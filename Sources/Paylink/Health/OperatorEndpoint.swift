public import Logging
public import PaylinkEndpoint
public import PaylinkRedis
public import ServiceLifecycle
import Prometheus
import PaylinkSystem

/// The worker's HTTP endpoint for operators: `/metrics`, `/livez`, `/readyz`.
///
/// Run it first in the `ServiceGroup`: services stop in reverse order, so it answers (with
/// `/readyz` at 503) until the workers have drained, and stops last.
public final class OperatorEndpoint: Service, Sendable {
    private let address: EndpointAddress
    private let metrics: WorkerMetrics
    private let sampler: QueueSampler
    private let health: WorkerHealth
    private let redis: RedisClient
    private let apis: [(name: String, client: OTTPayClient)]
    private let logger: Logger
    /// How long `/readyz` and `/metrics` wait for Redis (and a token fetch) before answering.
    static let checkTimeout = Duration.seconds(2)

    public init(
        address: EndpointAddress, metrics: WorkerMetrics, sampler: QueueSampler, health: WorkerHealth, redis: RedisClient,
        merchants: MerchantAccounts, logger: Logger
    ) {
        self.address = address
        self.metrics = metrics
        self.sampler = sampler
        self.health = health
        self.redis = redis
        self.apis = merchants.accounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value.api) }
        self.logger = logger
    }

    public func run() async throws {
        let server = try EndpointServer(address: address) { [self] request in answer(request) }
        defer { server.shutdown() }
        logger.info("Operator endpoint listening", metadata: ["address": "\(address.host.isEmpty ? "*" : address.host):\(server.port)"])
        // A loop of the cooperative pool itself: if every pool thread is blocked, it stops
        // beating and /livez, answered from OS threads, says so.
        let scheduler = health.loops.register("scheduler", every: .seconds(1))
        await withGracefulShutdownHandler {
            while !Task.isCancelled {
                scheduler.beat()
                try? await Task.sleep(for: .seconds(1))
            }
        } onGracefulShutdown: {
            self.health.beginDraining()
            // Reached once every worker has stopped: nothing is left to report.
            withUnsafeCurrentTask { $0?.cancel() }
        }
    }

    /// Runs on the endpoint's own threads, never on the cooperative pool.
    func answer(_ request: EndpointRequest) -> EndpointResponse {
        switch request.path {
        case "/metrics":
            return EndpointResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: scrape())
        case "/livez":
            let stuck = health.loops.stuckLoops()
            return stuck.isEmpty ? .text(200, "ok") : .text(503, "stuck: " + stuck.joined(separator: ", "))
        case "/readyz":
            if let reason = notReadyReason() { return .text(503, reason) }
            return .text(200, "ready")
        default:
            return .text(404, "not found; try /metrics, /livez or /readyz")
        }
    }

    private func scrape() -> [UInt8] {
        _ = ThreadBridge.wait(timeout: Self.checkTimeout) { [sampler] in await sampler.refresh() }
        var text: [UInt8] = []
        text.reserveCapacity(16 * 1024)
        metrics.registry.emit(into: &text)
        ProcessStats.read()?.emit(into: &text)
        return text
    }

    /// Nil when ready; else one line saying why not. Never depends on the API answering pay
    /// calls, only on a token being held or fetchable.
    private func notReadyReason() -> String? {
        if health.isDraining { return "draining: shutting down" }
        let redisAnswer = ThreadBridge.wait(timeout: Self.checkTimeout) { [redis] () async -> String? in
            do {
                _ = try await redis.send(RedisCommand("PING"))
                return nil
            } catch {
                return "\(error)"
            }
        }
        switch redisAnswer {
        case nil: return "redis: no answer within \(Self.checkTimeout)"
        case let failure??: return "redis: \(failure)"
        case .some(.none): break
        }
        for (name, client) in apis {
            let token = ThreadBridge.wait(timeout: Self.checkTimeout) { () async -> String? in
                do throws(PayFailure) {
                    try await client.ensureToken()
                    return nil
                } catch {
                    return "\(error.kind.rawValue) (\(error.code))"
                }
            }
            switch token {
            case nil: return "token for merchant profile \(name): not fetched within \(Self.checkTimeout)"
            case let failure??: return "token for merchant profile \(name): \(failure)"
            case .some(.none): break
            }
        }
        if health.isDraining { return "draining: shutting down" }
        return nil
    }
}
