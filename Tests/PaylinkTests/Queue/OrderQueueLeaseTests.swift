import Paylink
import PaylinkRedis
import Testing

/// Leases, lost leases and the ambiguous policy, with the test playing two workers.
@Suite(.timeLimit(.minutes(1)))
struct OrderQueueLeaseTests {
    @Test func aWorkerThatLostItsLeaseCannotAcknowledgeOverTheNewOwner() async throws {
        let f = try await QueueFixture.make("lease")
        defer { f.close() }
        try await f.push("l-1")
        let stale = try #require(try await f.claim(lease: .milliseconds(50), worker: "slow").first)
        #expect(try await f.queue.markSent([(stale.jobId, "l-1")]) == [true])
        try await f.expireLeases(count: 1)
        let owner = try #require(try await f.claim(worker: "fast").first)
        #expect(owner.attempt == 2)
        var result = try await f.result("l-1")
        #expect(result[ResultField.possibleDuplicate] == "1")
        #expect(result[ResultField.earlierAttempts]?.contains("attempt 1: worker lost while sending") == true)

        // The stale worker's failure is not stored over the live job.
        #expect(try await !f.queue.acknowledge(stale, with: QueueFixture.failed("l-1")))
        #expect(try await f.result("l-1")[ResultField.status] == "sending")
        #expect(try await !f.queue.renew([stale.jobId], lease: .seconds(30)).isEmpty)

        // Its link exists, so it is stored; the owner's second link only adds a flag.
        #expect(try await !f.queue.acknowledge(stale, with: QueueFixture.succeeded("l-1", paymentId: "P1")))
        #expect(try await f.queue.acknowledge(owner, with: QueueFixture.succeeded("l-1", paymentId: "P2")))
        result = try await f.result("l-1")
        #expect(result[ResultField.status] == "succeeded" && result[ResultField.paymentId] == "P1")
        #expect(result[ResultField.otherPaymentIds] == "P2" && result[ResultField.possibleDuplicate] == "1")
        let status = try await f.queue.status()
        #expect(status.inflight == 0 && status.results[.succeeded] == 1 && status.results[.sending] == 0)
    }

    @Test func underParkAnOrderWhoseWorkerDiedWhileSendingWaitsForAnOperator() async throws {
        let f = try await QueueFixture.make("park")
        defer { f.close() }
        try await f.push("p-1")
        let job = try #require(try await f.claim(lease: .milliseconds(50)).first)
        #expect(try await f.queue.markSent([(job.jobId, "p-1")]) == [true])
        try await f.expireLeases(count: 1)
        #expect(try await f.claim(policy: .park).isEmpty)
        var result = try await f.result("p-1")
        #expect(result[ResultField.status] == "unknown" && result[ResultField.errorCode] == "ambiguous")
        #expect(try await f.queue.unknownOrders() == ["p-1"])
        try await f.push("p-1")
        #expect(try await f.claim(policy: .park).isEmpty, "a parked order is not sent on a new push")

        #expect(try await f.queue.resolveUnknown(orderId: "p-1", as: .retry, message: "no link at OTT Pay"))
        let jobs = try await f.claim(policy: .park)
        #expect(jobs.map(\.attempt) == [2])
        result = try await f.result("p-1")
        #expect(result[ResultField.possibleDuplicate] == "1" && result[ResultField.status] == "sending")
        #expect(try await f.queue.unknownOrders().isEmpty)
        #expect(try await !f.queue.resolveUnknown(orderId: "p-1", as: .fail, message: "late"))
    }

    @Test func anOperatorCanFailAParkedOrder() async throws {
        let f = try await QueueFixture.make("parkfail")
        defer { f.close() }
        try await f.push("q-1")
        let job = try #require(try await f.claim(policy: .park).first)
        let unknown = OrderResult(orderId: "q-1", status: .unknown, fields: [(ResultField.errorCode, "timeout"), (ResultField.errorMessage, "ambiguous: timeout")])
        #expect(try await f.queue.acknowledge(job, with: unknown))
        #expect(try await f.queue.resolveUnknown(orderId: "q-1", as: .fail, message: "no link found"))
        let result = try await f.result("q-1")
        #expect(result[ResultField.status] == "failed" && result[ResultField.errorMessage] == "resolved by an operator: no link found")
        let status = try await f.queue.status()
        #expect(status.results[.unknown] == 0 && status.results[.failed] == 1)
    }
}
