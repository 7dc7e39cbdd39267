import Paylink
import PaylinkRedis
import Testing

/// Review M5, M11, L2, L6: what paylink knows about whether a call went out, and what it keeps
/// of that knowledge when an order fails, is re-pushed, dies in a worker or gets a late link.
@Suite(.timeLimit(.minutes(1)))
struct AmbiguityTests {
    private func orderId(_ job: ClaimedJob) -> String { (try? OrderParser.parse(job.element).get().orderId) ?? "" }

    private func ambiguousFailure(_ orderId: String) -> OrderResult {
        OrderResult(
            orderId: orderId, status: .failed,
            fields: [(ResultField.errorCode, "timeout"), (ResultField.errorMessage, "ambiguous: timeout (attempts used up; a link may exist)"), (ResultField.unsure, "1")])
    }

    @Test func anAmbiguousFinalFailureFlagsTheRePush() async throws {
        let f = try await QueueFixture.make("m5-push")
        defer { f.close() }
        try await f.push("m-1")
        let job = try #require(try await f.claim().first)
        #expect(try await f.queue.acknowledge(job, with: ambiguousFailure("m-1")))
        #expect(try await f.result("m-1")[ResultField.unsure] == "1")
        let dead = try await f.redis.send(RedisCommand("HGET", f.queue.keys.deadLetters, "m-1")).string ?? ""
        #expect(dead.contains(#""mayHaveLink":true"#))
        #expect(try await f.queue.deadLetters().map(\.mayHaveLink) == [true])

        try await f.push("m-1")
        #expect(try await f.claim(policy: .park).isEmpty, "parked: a link may exist")
        #expect(try await f.result("m-1")[ResultField.status] == "unknown")
    }

    @Test func deadRetryOfAnAmbiguousFailureSendsItFlagged() async throws {
        let f = try await QueueFixture.make("m5-dead")
        defer { f.close() }
        try await f.push("m-2")
        let job = try #require(try await f.claim().first)
        #expect(try await f.queue.acknowledge(job, with: ambiguousFailure("m-2")))
        // Retention trimmed the result; the dead entry still knows.
        _ = try await f.redis.send(RedisCommand("DEL", f.queue.keys.result("m-2")))
        #expect(try await f.queue.retryAllDead() == 1)
        let again = try #require(try await f.claim().first)
        #expect(orderId(again) == "m-2")
        #expect(try await f.result("m-2")[ResultField.possibleDuplicate] == "1")
    }

    @Test func aWorkerLostBeforeItsCallLeavesNoFlag() async throws {
        let f = try await QueueFixture.make("m11-unsent")
        defer { f.close() }
        try await f.push("u-1")
        let first = try #require(try await f.claim(lease: .milliseconds(50)).first)
        #expect(try await f.result("u-1")[ResultField.sendingAt] == nil, "claimed is not sent")
        try await f.expireLeases(count: 1)
        let again = try #require(try await f.claim(policy: .park).first, "not parked: nothing was sent")
        #expect(again.attempt == first.attempt, "an attempt that made no call is not counted")
        let result = try await f.result("u-1")
        #expect(result[ResultField.possibleDuplicate] == nil)
        #expect(result[ResultField.earlierAttempts]?.contains("worker lost before sending") == true)
    }

    @Test func aWorkerLostAfterMarkingItsCallFlagsTheOrder() async throws {
        let f = try await QueueFixture.make("m11-sent")
        defer { f.close() }
        try await f.push("s-1")
        let first = try #require(try await f.claim(lease: .milliseconds(50)).first)
        #expect(try await f.queue.markSent([(first.jobId, "s-1")]) == [true])
        #expect(try await f.result("s-1")[ResultField.sendingAt] != nil)
        try await f.expireLeases(count: 1)
        #expect(try await f.queue.markSent([(first.jobId, "s-1")]) == [false], "a lost lease does not call")
        let again = try #require(try await f.claim().first)
        #expect(again.attempt == 2)
        #expect(try await f.result("s-1")[ResultField.possibleDuplicate] == "1")
    }

    @Test func anOrderThatKeepsLosingItsWorkersEndsInTheDeadList() async throws {
        let f = try await QueueFixture.make("l2-recoveries")
        defer { f.close() }
        try await f.push("k-1")
        for round in 1...3 {
            let job = try #require(try await f.claim(lease: .milliseconds(50), maxRecoveries: 2).first, "round \(round)")
            _ = try await f.queue.markSent([(job.jobId, "k-1")])
            try await f.expireLeases(count: 1)
        }
        #expect(try await f.claim(maxRecoveries: 2).isEmpty)
        let result = try await f.result("k-1")
        #expect(result[ResultField.status] == "failed" && result[ResultField.errorCode] == "worker_lost")
        #expect(result[ResultField.unsure] == "1")
        let dead = try await f.queue.deadLetters()
        #expect(dead.map(\.orderId) == ["k-1"])
        let status = try await f.queue.status()
        #expect(status.results[.failed] == 1 && status.results[.sending] == 0 && status.inflight == 0)
    }

    @Test func anOversizedElementNeverReachesTheWorker() async throws {
        let f = try await QueueFixture.make("l2-size")
        defer { f.close() }
        let padding = String(repeating: "x", count: OrderParser.maxElementBytes)
        try await f.queue.enqueue([Array(#"{"orderId":"big-1","remark":"\#(padding)"}"#.utf8), Array(#"{"remark":"\#(padding)"}"#.utf8)])
        try await f.push("ok-1")
        let jobs = try await f.claim(3)
        #expect(jobs.map(orderId) == ["ok-1"])
        let result = try await f.result("big-1")
        #expect(result[ResultField.status] == "invalid" && result[ResultField.errorMessage]?.hasPrefix("element: is") == true)
        let dead = try await f.queue.deadLetters()
        #expect(dead.count == 1 && dead[0].errorCode == "too_large" && dead[0].element.utf8.count == OrderParser.maxElementBytes)
        let status = try await f.queue.status()
        #expect(status.inflight == 1 && status.results[.invalid] == 1 && status.rejected == 1)
    }

    @Test func aLateLinkEndsTheOrdersParkedEntry() async throws {
        let f = try await QueueFixture.make("l6-parked")
        defer { f.close() }
        try await f.push("p-1")
        let stale = try #require(try await f.claim(lease: .milliseconds(50)).first)
        _ = try await f.queue.markSent([(stale.jobId, "p-1")])
        try await f.expireLeases(count: 1)
        #expect(try await f.claim(policy: .park).isEmpty)
        #expect(try await f.queue.unknownOrders() == ["p-1"])
        #expect(try await !f.queue.acknowledge(stale, with: QueueFixture.succeeded("p-1", paymentId: "P1")))
        #expect(try await f.queue.unknownOrders().isEmpty)
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 1 && status.results[.unknown] == 0)
    }

    @Test func aLateLinkEndsTheOrdersDeadEntry() async throws {
        let f = try await QueueFixture.make("l6-dead")
        defer { f.close() }
        try await f.push("d-1")
        let stale = try #require(try await f.claim(lease: .milliseconds(50)).first)
        _ = try await f.queue.markSent([(stale.jobId, "d-1")])
        try await f.expireLeases(count: 1)
        let owner = try #require(try await f.claim().first)
        #expect(try await f.queue.acknowledge(owner, with: QueueFixture.failed("d-1")))
        #expect(try await f.queue.deadLetters().map(\.orderId) == ["d-1"])
        #expect(try await !f.queue.acknowledge(stale, with: QueueFixture.succeeded("d-1", paymentId: "P1")))
        #expect(try await f.queue.deadLetters().isEmpty)
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 1 && status.results[.failed] == 0 && status.dead == 0)
    }
}
