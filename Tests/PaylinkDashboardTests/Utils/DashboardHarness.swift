import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Paylink
import PaylinkDashboard
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// A dashboard over a fresh queue on the test Redis, served over real HTTP on a loopback port
/// (HummingbirdTesting's live mode), with the queue driven directly as workers would.
struct DashboardHarness: Sendable {
    let redis: RedisClient
    let queue: OrderQueue
    let client: any TestClientProtocol

    /// A password every test user has; bcrypt cost 4 keeps logins fast.
    static let password = "correct horse battery"
    static let hash = Bcrypt.hash(password, cost: 4)
    static let token = "tok-0123456789abcdef0123456789abcdef"

    /// A users file's text with an admin `alice` and a viewer `bob`.
    static let usersText = "alice \(hash) admin\nbob \(hash) viewer\n"

    static func configuration(
        queue: String, readOnly: Bool = false, users: Bool = false, usersText: String = usersText, token: Bool = false
    ) throws -> DashboardConfiguration {
        try DashboardConfiguration(
            address: DashboardAddress(host: "127.0.0.1", port: 0), queues: [QueueShards(queue: queue, count: 1)], discovers: false,
            readOnly: readOnly, users: users ? DashboardUsers(parsing: usersText) : nil, token: token ? Secret(Self.token) : nil)
    }

    /// Runs `body` against a live dashboard over a new queue; the queue's keys are left for
    /// the test Redis to drop with the rest (each test has its own queue name).
    static func run(
        readOnly: Bool = false, users: Bool = false, usersText: String = usersText, token: Bool = false, redisURL: RedisURL? = nil,
        _ body: @Sendable (DashboardHarness) async throws -> Void
    ) async throws {
        let redis = try await TestRedis.client(redisURL, name: "dashboard-test")
        defer { redis.shutdown() }
        let name = TestRedis.uniqueQueue("dash")
        let configuration = try configuration(queue: name, readOnly: readOnly, users: users, usersText: usersText, token: token)
        let dashboard = try Dashboard(configuration: configuration, redis: redis, logger: TestRedis.logger)
        let queue = OrderQueue(keys: try QueueKeys(queue: name), redis: redis)
        try await DashboardServer(dashboard: dashboard).makeApplication().test(.live) { client in
            try await body(DashboardHarness(redis: redis, queue: queue, client: client))
        }
    }

    // MARK: requests

    struct Answer {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let text: String

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        }
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Answer {
        let response = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
        return Answer(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> Answer {
        var all = headers
        all[.contentType] = "application/json"
        let response = try await client.execute(uri: uri, method: .post, headers: all, body: ByteBuffer(string: json))
        return Answer(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// A session of the open (loopback, no credentials) dashboard: the cookie and CSRF headers.
    func openSession() async throws -> HTTPFields {
        let answer = try await get("/api/session")
        return try Self.sessionHeaders(answer)
    }

    /// Logs in over the JSON API; returns the cookie and CSRF headers.
    func login(_ user: String, password: String = DashboardHarness.password) async throws -> HTTPFields {
        let answer = try await post("/api/login", json: #"{"user":"\#(user)","password":"\#(password)"}"#)
        #expect(answer.status == .ok, "\(answer.text)")
        return try Self.sessionHeaders(answer)
    }

    static func sessionHeaders(_ answer: Answer) throws -> HTTPFields {
        let cookie = try #require(answer.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let csrf = try #require(answer.json["csrfToken"] as? String)
        return [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf]
    }

    // MARK: seeding, as workers would

    static func element(_ orderId: String, batch: String? = nil) -> [UInt8] {
        let batchMember = batch.map { #","batchId":"\#($0)""# } ?? ""
        return Array(#"{"orderId":"\#(orderId)","amount":"100","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"\#(batchMember)}"#.utf8)
    }

    /// Six orders of batch `B-1`: O-1 succeeded, O-2 failed (dead), O-3 waiting to retry after an
    /// unsure call, O-4 parked unknown, O-5 and O-6 pending.
    func seed() async throws {
        let ids = ["O-1", "O-2", "O-3", "O-4", "O-5", "O-6"]
        try await queue.registerBatch("B-1", orderIds: ids)
        for id in ids { try await queue.enqueue([Self.element(id, batch: "B-1")]) }
        let jobs = try await queue.claim(max: 4, lease: .seconds(60), worker: "w1", policy: .park)
        try #require(jobs.count == 4)
        let orderIds = jobs.map { (try? OrderParser.parse($0.element).get().orderId) ?? "" }
        #expect(orderIds == ["O-1", "O-2", "O-3", "O-4"])
        _ = try await queue.markSent(zip(jobs, orderIds).map { ($0.jobId, $1) })
        let batch = [(ResultField.batchId, "B-1")]
        #expect(try await queue.acknowledge(jobs[0], with: OrderResult(
            orderId: "O-1", status: .succeeded, fields: [(ResultField.payInfo, "https://pay.example/p1"), (ResultField.paymentId, "p1")] + batch,
            batchIsKnown: true)))
        #expect(try await queue.acknowledge(jobs[1], with: OrderResult(
            orderId: "O-2", status: .failed, fields: [(ResultField.errorCode, "10005"), (ResultField.errorMessage, "invalidOrder: refused")] + batch,
            batchIsKnown: true)))
        _ = try await queue.retry(
            jobs[2], orderId: "O-3", after: .seconds(600), refundAttempt: false, unsureNote: "timeout", errorCode: "timeout", errorMessage: "no answer")
        #expect(try await queue.acknowledge(jobs[3], with: OrderResult(
            orderId: "O-4", status: .unknown, fields: [(ResultField.errorCode, "ambiguous"), (ResultField.errorMessage, "may have a link")] + batch,
            batchIsKnown: true)))
    }
}
