import Paylink
import PaylinkRedis
import Testing

/// The claim step: `sending` marks, attempts counted in Redis, duplicate pushes answered.
@Suite(.timeLimit(.minutes(1)))
struct OrderQueueClaimTests {
    @Test func claimMarksTheOrderSendingAndCountsAttemptsAcrossRetries() async throws {
        let f = try await QueueFixture.make("claim")
        defer { f.close() }
        try await f.push("c-1")
        let first = try await f.claim()
        #expect(first.map(\.attempt) == [1])
        var result = try await f.result("c-1")
        #expect(result[ResultField.status] == "sending" && result[ResultField.worker] == "w1" && result[ResultField.sendingAt] == nil)
        #expect(try await f.queue.markSent([(first[0].jobId, "c-1")]) == [true])
        #expect(try await f.result("c-1")[ResultField.sendingAt] != nil)

        try await f.queue.retry(first[0], orderId: "c-1", after: .zero, refundAttempt: false, unsureNote: nil, errorCode: "http_503", errorMessage: "transient")
        result = try await f.result("c-1")
        #expect(result[ResultField.status] == "retrying" && result[ResultField.errorCode] == "http_503")
        #expect(try await f.queue.status().retrying == 1)
        #expect(try await f.claim().isEmpty, "a waiting retry is not in the queue")

        #expect(try await f.queue.promoteDueRetries() == 1)
        let second = try await f.claim()
        #expect(second.map(\.attempt) == [2])
        #expect(second[0].jobId != first[0].jobId)
        #expect(try await f.queue.acknowledge(second[0], with: QueueFixture.succeeded("c-1", paymentId: "P1")))
        result = try await f.result("c-1")
        #expect(result[ResultField.status] == "succeeded" && result[ResultField.attempts] == "2")
        #expect(result[ResultField.errorCode] == nil && result[ResultField.jobId] == nil && result[ResultField.possibleDuplicate] == nil)
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 1 && status.results[.sending] == 0 && status.results[.retrying] == 0)
    }

    @Test func aRateLimitWaitGivesTheAttemptBack() async throws {
        let f = try await QueueFixture.make("refund")
        defer { f.close() }
        try await f.push("r-1")
        let first = try await f.claim()
        try await f.queue.retry(first[0], orderId: "r-1", after: .zero, refundAttempt: true, unsureNote: nil, errorCode: "429", errorMessage: "rateLimited")
        try await f.queue.promoteDueRetries()
        #expect(try await f.claim().map(\.attempt) == [1])
    }

    @Test func anOrderPushedFiveTimesIsClaimedOnceAndAnsweredFromItsResult() async throws {
        let f = try await QueueFixture.make("dup")
        defer { f.close() }
        try await f.push("d-1", times: 3)
        let jobs = try await f.claim()
        #expect(jobs.count == 1, "copies behind a live job are not sent")
        #expect(try await f.queue.acknowledge(jobs[0], with: QueueFixture.succeeded("d-1", paymentId: "P1")))
        try await f.push("d-1", times: 2)
        #expect(try await f.claim().isEmpty, "an order with a link is never sent again")
        let result = try await f.result("d-1")
        #expect(result[ResultField.duplicates] == "4" && result[ResultField.paymentId] == "P1")
        let status = try await f.queue.status()
        #expect(status.duplicates == 4 && status.pending == 0 && status.results[.succeeded] == 1)
    }

    @Test func aFailedOrderPushedAgainIsSentAgain() async throws {
        let f = try await QueueFixture.make("again")
        defer { f.close() }
        try await f.push("a-1")
        let jobs = try await f.claim()
        #expect(try await f.queue.acknowledge(jobs[0], with: QueueFixture.failed("a-1")))
        try await f.push("a-1")
        #expect(try await f.claim().map(\.attempt) == [2])
    }

    @Test func releaseGivesTheAttemptBackOnlyWhenNothingWasSent() async throws {
        let f = try await QueueFixture.make("release")
        defer { f.close() }
        try await f.push("n-1")
        try await f.push("m-1")
        let jobs = try await f.claim()
        let byOrder = Dictionary(uniqueKeysWithValues: jobs.map { (String(decoding: $0.element, as: UTF8.self).contains("n-1") ? "n-1" : "m-1", $0) })
        let n = try #require(byOrder["n-1"])
        let m = try #require(byOrder["m-1"])
        #expect(try await f.queue.release([(n.jobId, false), (m.jobId, true)]) == 2)
        #expect(try await f.result("n-1")[ResultField.status] == "queued")
        #expect(try await f.result("n-1")[ResultField.attempts] == "0")
        let again = try await f.claim()
        #expect(again.count == 2)
        #expect(try await f.result("n-1")[ResultField.possibleDuplicate] == nil)
        let m2 = try await f.result("m-1")
        #expect(m2[ResultField.possibleDuplicate] == "1" && m2[ResultField.attempts] == "2")
        #expect(m2[ResultField.earlierAttempts]?.contains("attempt 1: stopped while sending") == true)
    }

    @Test func anElementOnlyRedisCanReadBecomesInvalidNotStuckSending() async throws {
        let f = try await QueueFixture.make("odd")
        defer { f.close() }
        // Duplicate keys: cjson reads an orderId, paylink's strict parser refuses the element.
        try await f.queue.enqueue([Array(#"{"orderId":"o-1","orderId":"o-1","amount":"1"}"#.utf8), Array("not json".utf8)])
        let jobs = try await f.claim()
        for job in jobs { try await f.queue.reject(job, reason: "element: has a duplicate key") }
        let result = try await f.result("o-1")
        #expect(result[ResultField.status] == "invalid" && result[ResultField.errorMessage] == "element: has a duplicate key")
        let dead = try await f.queue.deadLetters()
        #expect(dead.map(\.element) == ["not json"])
        let status = try await f.queue.status()
        #expect(status.finishedCount == 2 && status.inflight == 0 && status.results[.sending] == 0)
    }
}
