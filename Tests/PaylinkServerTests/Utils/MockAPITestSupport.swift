import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import PaylinkServer

/// The demo merchant every test logs in as.
let demoAppId = "ON00000185"
let demoAppKey = "demo-app-key-0e83"

/// A valid web-pay body; `callbackURL` is unique per call unless given.
func payBody(
    amount: String = "1000",
    callbackURL: String = "https://shop.example/paylink/callback/\(UUID().uuidString)",
    returnURL: String = "https://shop.example/return",
    remark: String? = nil
) -> [String: Any] {
    var body: [String: Any] = ["amount": amount, "callbackURL": callbackURL, "returnURL": returnURL]
    if let remark { body["remark"] = remark }
    return body
}

/// Runs `test` against a live stand-in (real HTTP over loopback) built from `configuration`.
func withMockAPI<Value: Sendable>(
    _ configuration: MockAPIConfiguration = .init(seed: 42),
    _ test: @Sendable (MockAPIServer, any MockAPIClient) async throws -> Value
) async throws -> Value {
    var logger = Logger(label: "mock-api-test")
    logger.logLevel = .warning
    let server = MockAPIServer(configuration: configuration, logger: logger)
    return try await server.makeApplication().test(.live) { client in
        try await test(server, LiveClient(client: client))
    }
}

/// Decoded JSON of a response body (object or array).
func json(_ response: Reply) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView), options: [.fragmentsAllowed])
}

/// The `result` object of an envelope, with its `status`.
func envelope(_ response: Reply) throws -> (status: String, result: [String: Any]) {
    let object = try #require(try json(response) as? [String: Any])
    let status = try #require(object["status"] as? String)
    let result = try #require(object["result"] as? [String: Any])
    return (status, result)
}

/// The error code of an ERROR envelope, and its message.
func errorOf(_ response: Reply) throws -> (code: Int, message: String) {
    let (status, result) = try envelope(response)
    #expect(status == "ERROR")
    return (try #require(result["code"] as? Int), try #require(result["message"] as? String))
}

extension MockAPIClient {
    /// POSTs a JSON value (or raw text when `body` is a String).
    func post(_ uri: String, json body: Any, token: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let bytes = try (body as? String).map { Data($0.utf8) } ?? JSONSerialization.data(withJSONObject: body)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// A fresh token for the demo merchant.
    func token() async throws -> String {
        let response = try await post("/api/v1/auth/token", json: ["appId": demoAppId, "appKey": demoAppKey])
        let (status, result) = try envelope(response)
        #expect(status == "SUCCESS")
        return try #require(result["token"] as? String)
    }

    /// A web-pay (or wap-pay) call.
    func pay(_ body: Any = payBody(), token: String?, kind: String = "web-pay") async throws -> Reply {
        try await post("/api/v1/pay/alipay/\(kind)", json: body, token: token)
    }

    /// A fresh token and its `expired` exactly as sent (the JSON number's text, which may not fit
    /// any Swift number type).
    func tokenAndRawExpired() async throws -> (token: String, expired: String) {
        let response = try await post("/api/v1/auth/token", json: ["appId": demoAppId, "appKey": demoAppKey])
        let text = String(decoding: response.body.readableBytesView, as: UTF8.self)
        let token = try #require(text.firstMatch(of: /"token":"([^"]+)"/)?.1)
        let expired = try #require(text.firstMatch(of: /"expired":([^,}]+)/)?.1)
        return (String(token), String(expired))
    }

    /// `GET /mock/mismatches`, decoded.
    func mismatches() async throws -> [MockMismatchedLink] {
        let response = try await execute(uri: "/mock/mismatches", method: .get)
        return try JSONDecoder().decode([MockMismatchedLink].self, from: Data(response.body.readableBytesView))
    }

    /// `GET /mock/links`, decoded.
    func links() async throws -> [MockOrderLinks] {
        let response = try await execute(uri: "/mock/links", method: .get)
        return try JSONDecoder().decode([MockOrderLinks].self, from: Data(response.body.readableBytesView))
    }

    /// `GET /mock/stats`, decoded.
    func stats() async throws -> MockAPIStats {
        let response = try await execute(uri: "/mock/stats", method: .get)
        return try JSONDecoder().decode(MockAPIStats.self, from: Data(response.body.readableBytesView))
    }

    /// `PUT /mock/faults`.
    @discardableResult
    func putFaults(_ faults: MockFaults) async throws -> Reply {
        let bytes = try JSONEncoder().encode(faults)
        return try await execute(uri: "/mock/faults", method: .put, body: ByteBuffer(bytes: bytes))
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
/// - Returns: whether it held in time.
func eventually(
    timeout: Duration = .seconds(5),
    _ condition: @Sendable () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// An HTTP answer as the tests see it, whichever client fetched it.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer
}

/// Sends requests to the stand-in over loopback; lets helpers work with both test clients.
protocol MockAPIClient: Sendable {
    /// The server's port.
    var port: Int? { get }
    /// Sends one request and waits for its answer.
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Reply
}

extension MockAPIClient {
    func execute(uri: String, method: HTTPRequest.Method, body: ByteBuffer? = nil) async throws -> Reply {
        try await execute(uri: uri, method: method, headers: [:], body: body)
    }
}

/// The `.live` framework's client.
struct LiveClient: MockAPIClient {
    let client: any TestClientProtocol
    var port: Int? { client.port }

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Reply {
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }
}

/// A client over its own connection, for calls that need their own timeout or run concurrently.
struct LoopbackClient: MockAPIClient {
    let client: TestClient
    let port: Int?

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Reply {
        var headers = headers
        headers[.connection] = "keep-alive"
        let request = TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body)
        let response = try await client.execute(request)
        return Reply(status: response.head.status, headers: response.head.headerFields, body: response.body ?? ByteBuffer())
    }

    /// Runs `operation` with a new connection to `host:port`.
    static func with<Value: Sendable>(
        host: String = "localhost",
        port: Int,
        timeout: Duration = .seconds(15),
        _ operation: @escaping @Sendable (LoopbackClient) async throws -> Value
    ) async throws -> Value {
        try await TestClient.withClient(host: host, port: port, configuration: .init(timeout: timeout)) { client in
            try await operation(LoopbackClient(client: client, port: port))
        }
    }
}

/// A flag set once from any task.
final class LockedFlag: @unchecked Sendable {
    // `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() {
        lock.withLock { value = true }
    }
}
