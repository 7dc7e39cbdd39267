import Foundation
import Logging
import Paylink
import PaylinkHTTP
import PaylinkServer
import ServiceLifecycle

/// The API stand-in running in-process on a free loopback port, for one test.
final class TestMockAPI: Sendable {
    let port: Int
    private let group: ServiceGroup
    private let http: HTTPClient

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static let appId = "ON00000185"
    static let appKey = "demo-app-key-0e83"

    static func start(_ configuration: MockAPIConfiguration = .init()) async throws -> TestMockAPI {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let logger = Logger(label: "mock")
        let server = MockAPIServer(configuration: configuration, logger: logger) { port in
            continuation.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        // Unstructured so the server outlives this call; `stop()` shuts it down gracefully.
        Task { try await group.run() }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LocalServerError("mock API did not start") }
        return TestMockAPI(port: port, group: group, http: try HTTPClient())
    }

    private init(port: Int, group: ServiceGroup, http: HTTPClient) {
        self.port = port
        self.group = group
        self.http = http
    }

    /// Starts a graceful shutdown (callable from `defer`); the server stops on its own.
    func stop() {
        http.shutdown()
        let group = self.group
        Task { await group.triggerGracefulShutdown() }
    }

    /// `GET /mock/stats` as a JSON object.
    func stats() async throws -> [String: JSONValue] {
        let response = try await http.execute(HTTPRequest(url: baseURL + "/mock/stats"))
        return try JSONValue.parse(response.body).objectValue ?? [:]
    }

    func stat(_ name: String) async throws -> Int {
        guard case .number(let literal)? = try await stats()[name] else { return -1 }
        return Int(literal) ?? Int(Double(literal) ?? -1)
    }

    /// `GET /mock/duplicates`: the order IDs (the last part of each callbackURL, as
    /// `TestOrders` builds them) that got more than one link.
    func duplicateOrderIds() async throws -> [String] {
        let response = try await http.execute(HTTPRequest(url: baseURL + "/mock/duplicates"))
        return try JSONDecoder().decode([MockDuplicate].self, from: Data(response.body)).map {
            String($0.callbackURL.split(separator: "/").last ?? "")
        }
    }

    /// `GET /mock/links` as it is (the stand-in must record links).
    func linksJSON() async throws -> String {
        let big = try HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 256 << 20))
        defer { big.shutdown() }
        return String(decoding: try await big.execute(HTTPRequest(url: baseURL + "/mock/links")).body, as: UTF8.self)
    }

    func post(_ path: String, body: [UInt8] = []) async throws {
        _ = try await http.execute(HTTPRequest(method: .post, url: baseURL + path, body: body))
    }

    func setFaults(_ json: String) async throws {
        _ = try await http.execute(HTTPRequest(method: .put, url: baseURL + "/mock/faults", headers: ["Content-Type": "application/json"], body: Array(json.utf8)))
    }

    func apiConfiguration(appKey: String = TestMockAPI.appKey) throws -> OTTPayConfiguration {
        try OTTPayConfiguration(baseURL: baseURL, appId: Self.appId, appKey: Secret(appKey))
    }
}
