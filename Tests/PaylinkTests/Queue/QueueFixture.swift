import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// A fresh queue on the shared test Redis, driven directly (no worker): the test plays the workers.
struct QueueFixture {
    let redis: RedisClient
    let queue: OrderQueue

    static func make(_ label: String) async throws -> QueueFixture {
        let redis = try await TestRedis.client()
        return QueueFixture(redis: redis, queue: OrderQueue(keys: try QueueKeys(queue: TestRedis.uniqueQueue(label)), redis: redis))
    }

    func close() { redis.shutdown() }

    func push(_ orderId: String, times: Int = 1) async throws {
        let element = Array(#"{"orderId":"\#(orderId)","amount":"100","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}"#.utf8)
        try await queue.enqueue(Array(repeating: element, count: times))
    }

    func claim(
        _ max: Int = 10, lease: Duration = .seconds(30), worker: String = "w1", policy: AmbiguousPolicy = .retry, maxRecoveries: Int = 5
    ) async throws -> [ClaimedJob] {
        try await queue.claim(max: max, lease: lease, worker: worker, policy: policy, maxRecoveries: maxRecoveries)
    }

    /// Marks claimed jobs as sent, as a worker does just before each call.
    func markSent(_ jobs: [ClaimedJob]) async throws {
        let pairs = jobs.map { ($0.jobId, (try? OrderParser.parse($0.element).get().orderId) ?? "") }
        #expect(try await queue.markSent(pairs).allSatisfy { $0 })
    }

    func result(_ orderId: String) async throws -> [String: String] {
        try await queue.result(orderId: orderId) ?? [:]
    }

    static func succeeded(_ orderId: String, paymentId: String) -> OrderResult {
        OrderResult(orderId: orderId, status: .succeeded, fields: [(ResultField.payInfo, "https://pay.example/\(paymentId)"), (ResultField.paymentId, paymentId)])
    }

    static func failed(_ orderId: String) -> OrderResult {
        OrderResult(orderId: orderId, status: .failed, fields: [(ResultField.errorCode, "10005"), (ResultField.errorMessage, "invalidOrder: refused")])
    }

    /// Waits until the lease of every job claimed with a short lease has run out, and recovers them.
    func expireLeases(count: Int) async throws {
        var recovered = 0
        try await poll("leases expire") {
            recovered += try await queue.recoverExpired()
            return recovered >= count
        }
    }
}
