import Paylink
import PaylinkRedis
import Testing

/// Review H2 and H3: a settle can end only the job that holds the order, and nothing but a new
/// final result replaces a final one.
@Suite(.timeLimit(.minutes(1)))
struct FencingTests {
    @Test func aLateLinkIsNotOverwrittenWhenTheNewOwnersCallFailsRetryably() async throws {
        let f = try await QueueFixture.make("late-link")
        defer { f.close() }
        try await f.queue.registerBatch("L", orderIds: ["l-1"])
        try await f.queue.enqueue([Array(#"{"orderId":"l-1","amount":"100","callbackURL":"https://a.example/c","returnURL":"https://a.example/r","batchId":"L"}"#.utf8)])
        let stale = try #require(try await f.claim(lease: .milliseconds(50), worker: "w1").first)
        try await f.expireLeases(count: 1)
        let owner = try #require(try await f.claim(worker: "w2").first)

        // W1's call returns its link late: stored, since it exists.
        let late = OrderResult(orderId: "l-1", status: .succeeded, fields: [(ResultField.payInfo, "https://pay.example/P1"), (ResultField.paymentId, "P1"), (ResultField.batchId, "L")])
        #expect(try await !f.queue.acknowledge(stale, with: late))
        // W2's call gets a 503: the retry must not move the order out of `succeeded`.
        let outcome = try await f.queue.retry(
            owner, orderId: "l-1", after: .zero, refundAttempt: false, unsureNote: nil, errorCode: "http_503", errorMessage: "transient")
        #expect(outcome == .alreadyFinal)
        let result = try await f.result("l-1")
        #expect(result[ResultField.status] == "succeeded" && result[ResultField.paymentId] == "P1")
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 1 && (status.results[.retrying] ?? 0) == 0 && status.inflight == 0 && status.retrying == 0)
        #expect(try await f.queue.batch("L")?.succeeded == 1)
        #expect(try await f.redis.send(RedisCommand("HLEN", f.queue.keys.jobs)).int == 0, "the owner's job is ended")
    }

    @Test func releasingAJobWhoseOrderGotALateLinkDoesNotQueueItAgain() async throws {
        let f = try await QueueFixture.make("late-release")
        defer { f.close() }
        try await f.push("r-1")
        let stale = try #require(try await f.claim(lease: .milliseconds(50)).first)
        try await f.expireLeases(count: 1)
        let owner = try #require(try await f.claim().first)
        #expect(try await !f.queue.acknowledge(stale, with: QueueFixture.succeeded("r-1", paymentId: "P1")))
        #expect(try await f.queue.release([(owner.jobId, true)]) == 0)
        let status = try await f.queue.status()
        #expect(status.pending == 0 && status.inflight == 0 && status.results[.succeeded] == 1)
    }

    @Test func jobIdsStayUniqueWhenRedisLosesTheCountersRecentWrites() async throws {
        let f = try await QueueFixture.make("epoch")
        defer { f.close() }
        let before = try await f.redis.send(RedisCommand("GET", f.queue.keys.jobSequence)).string ?? "0"
        try await f.push("e-1")
        let a = try #require(try await f.claim(worker: "w1").first)
        // Redis restarts from an AOF written a second ago: the counter is back where it was.
        _ = try await f.redis.send(RedisCommand("SET", f.queue.keys.jobSequence, before))
        try await f.push("e-2")
        let b = try #require(try await f.claim(worker: "w2").first)
        #expect(a.jobId != b.jobId)

        // W1 settles its order: W2's job and element are untouched.
        #expect(try await f.queue.acknowledge(a, with: QueueFixture.succeeded("e-1", paymentId: "P1")))
        #expect(try await f.redis.send(RedisCommand("ZSCORE", f.queue.keys.inflight, b.jobId)).string != nil)
        #expect(try await f.redis.send(RedisCommand("HEXISTS", f.queue.keys.jobs, b.jobId)).int == 1)
        #expect(try await f.result("e-2")[ResultField.status] == "sending")
    }

    @Test func aSettleNamingAnotherOrdersJobChangesNothing() async throws {
        let f = try await QueueFixture.make("owner")
        defer { f.close() }
        try await f.push("x-1")
        try await f.push("x-2")
        let jobs = try await f.claim(2)
        let byOrder = Dictionary(uniqueKeysWithValues: jobs.map { ((try? OrderParser.parse($0.element).get().orderId) ?? "", $0) })
        let x2 = try #require(byOrder["x-2"])
        // A settle for x-1 that carries x-2's job ID (a reused fencing token).
        #expect(try await !f.queue.acknowledge(x2, with: QueueFixture.failed("x-1")))
        let refused = try await f.queue.retry(
            x2, orderId: "x-1", after: .zero, refundAttempt: false, unsureNote: nil, errorCode: "http_503", errorMessage: "transient")
        #expect(refused == .notHeld)
        #expect(try await f.redis.send(RedisCommand("ZSCORE", f.queue.keys.inflight, x2.jobId)).string != nil)
        #expect(try await f.result("x-1")[ResultField.status] == "sending")
        #expect(try await f.result("x-2")[ResultField.status] == "sending")
    }
}
