import Paylink
import PaylinkRedis
import Testing

/// Review H1: a script that fails part-way loses nothing. Redis keeps the writes a failing script
/// made before its error, so the essential writes come first and every element or job is
/// decided on its own.
@Suite(.timeLimit(.minutes(1)))
struct ScriptFailureTests {
    private static func element(_ orderId: String, batchId: String? = nil) -> [UInt8] {
        let batch = batchId.map { #","batchId":"\#($0)""# } ?? ""
        return Array(#"{"orderId":"\#(orderId)","amount":"100","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"\#(batch)}"#.utf8)
    }

    @Test func aClaimThatFailsOnOneElementLosesNoneOfTheOthers() async throws {
        let f = try await QueueFixture.make("claim-error")
        defer { f.close() }
        // A string where o-5's result hash belongs: every command on it answers WRONGTYPE.
        _ = try await f.redis.send(RedisCommand("SET", f.queue.keys.result("o-5"), "not a hash"))
        try await f.queue.enqueue((0..<10).map { Self.element("o-\($0)") })

        let jobs = try await f.claim(10)
        #expect(jobs.count == 9, "every element but the broken one is taken")
        let status = try await f.queue.status()
        #expect(status.pending == 0 && status.inflight == 9 && status.dead == 1 && status.rejected == 1)
        let dead = try await f.queue.deadLetters()
        #expect(dead.count == 1 && dead[0].errorCode == "claim_error" && dead[0].element.contains("o-5"))
    }

    @Test func anAcknowledgementRefusedForOneJobStoresTheOthers() async throws {
        let f = try await QueueFixture.make("ack-error")
        defer { f.close() }
        for id in ["a-1", "a-2", "a-3"] { try await f.push(id) }
        let jobs = try await f.claim(3)
        #expect(jobs.count == 3)
        let ids = jobs.map { (try? OrderParser.parse($0.element).get().orderId) ?? "" }
        _ = try await f.redis.send(RedisCommand("DEL", f.queue.keys.result(ids[1])))
        _ = try await f.redis.send(RedisCommand("SET", f.queue.keys.result(ids[1]), "not a hash"))

        let outcomes = try await f.queue.acknowledgeReporting(
            zip(jobs, ids).map { ($0, QueueFixture.succeeded($1, paymentId: "P-\($1)")) })
        #expect(outcomes[0] == .stored && outcomes[2] == .stored)
        guard case .refused(let reason) = outcomes[1] else {
            Issue.record("the broken job was not refused: \(outcomes[1])")
            return
        }
        #expect(reason.contains("WRONGTYPE"))
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 2 && status.inflight == 1, "the refused job keeps its lease for recovery")
        let finished = try await f.redis.send(RedisCommand("ZCARD", f.queue.keys.finished)).int
        #expect(finished == 2)
        let held = try await f.redis.send(RedisCommand("HLEN", f.queue.keys.jobs)).int
        #expect(held == 1)
    }

    @Test func batchBookkeepingErrorsNeverAbortTheResult() async throws {
        let f = try await QueueFixture.make("bookkeeping")
        defer { f.close() }
        try await f.queue.registerBatch("B", orderIds: ["b-1", "b-2"])
        try await f.queue.enqueue([Self.element("b-1", batchId: "B"), Self.element("b-2", batchId: "B")])
        let jobs = try await f.claim(2)
        // Someone deleted the batch hash but not its orders set (batch keys are shared), and
        // hand-edited a setting the scripts read.
        _ = try await f.redis.send(RedisCommand("DEL", f.queue.keys.batch("B")))
        _ = try await f.redis.send(RedisCommand("HSET", f.queue.keys.config, "eventsMaxLength", "1e6"))

        for job in jobs {
            let id = try OrderParser.parse(job.element).get().orderId
            let fields = [(ResultField.payInfo, "https://pay.example/\(id)"), (ResultField.paymentId, "P-\(id)"), (ResultField.batchId, "B")]
            #expect(try await f.queue.acknowledge(job, with: OrderResult(orderId: id, status: .succeeded, fields: fields)))
        }
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 2 && status.inflight == 0)
    }

    @Test func aBatchNamedLikeAnotherBatchsOrdersSetDoesNotCollideWithIt() async throws {
        let f = try await QueueFixture.make("batch-names")
        defer { f.close() }
        try await f.queue.registerBatch("sale", orderIds: ["s-1"])
        try await f.queue.enqueue([Self.element("s-1", batchId: "sale"), Self.element("x-1", batchId: "sale:orders")])
        // Under `park`, an order whose worker died while sending is parked in the claim itself,
        // which then does the batch bookkeeping for it.
        let first = try await f.claim(2, lease: .milliseconds(50), policy: .park)
        let sent = try await f.queue.markSent(first.map { ($0.jobId, (try? OrderParser.parse($0.element).get().orderId) ?? "") })
        #expect(sent == [true, true])
        try await f.expireLeases(count: 2)
        #expect(try await f.claim(2, policy: .park).isEmpty, "both were parked")
        let status = try await f.queue.status()
        #expect(status.results[.unknown] == 2 && status.pending == 0 && status.inflight == 0)
        #expect(try await f.queue.batch("sale")?.unknown == 1)
        #expect(try await f.queue.batch("sale:orders")?.unknown == 1)
    }

    @Test func aBatchIdTheWorkerRefusesIsNotUsedByTheScriptsEither() async throws {
        let f = try await QueueFixture.make("batch-rule")
        defer { f.close() }
        try await f.queue.enqueue([Self.element("v-1", batchId: "bad}{batch")])
        let job = try #require(try await f.claim().first)
        guard case .failure(let rejection) = OrderParser.parse(job.element) else {
            Issue.record("the order should be invalid")
            return
        }
        let result = OrderResult(
            orderId: "v-1", status: .invalid,
            fields: [(ResultField.errorCode, "invalid_\(rejection.field)"), (ResultField.errorMessage, rejection.description)])
        #expect(try await f.queue.acknowledge(job, with: result))
        let keys = try await f.redis.send(RedisCommand("EXISTS", f.queue.keys.prefix + "batch:bad}{batch")).int
        #expect(keys == 0)
        #expect(try await f.result("v-1")[ResultField.batchId] == nil)
    }
}
