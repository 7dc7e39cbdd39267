import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `OrderQueue.pause`/`resume` and what the claim, recovery and retry scripts do while paused.
@Suite(.timeLimit(.minutes(1)))
struct QueuePauseTests {
    @Test func aPausedQueueClaimsNothingAndSaysWhy() async throws {
        let f = try await QueueFixture.make("pause")
        defer { f.close() }
        try await f.push("p-1")
        try await f.push("p-2")
        #expect(try await f.queue.pause(reason: "bank maintenance", by: "ops@host"))

        let batch = try await f.queue.claimBatch(max: 10, lease: .seconds(30), worker: "w1", policy: .retry)
        #expect(batch.paused && batch.pausedReason == "bank maintenance")
        #expect(batch.jobs.isEmpty && batch.sequenceBefore == nil)
        let status = try await f.queue.status()
        #expect(status.pending == 2 && status.inflight == 0)
        #expect(status.paused?.reason == "bank maintenance" && status.paused?.by == "ops@host")
        #expect(try await f.queue.result(orderId: "p-1") == nil, "no result hash: nothing was decided")

        let ended = try await f.queue.resume()
        #expect(ended?.reason == "bank maintenance")
        let after = try await f.queue.claimBatch(max: 10, lease: .seconds(30), worker: "w1", policy: .retry)
        #expect(!after.paused && after.jobs.count == 2)
    }

    @Test func pausingAgainReplacesTheReasonAndKeepsTheStart() async throws {
        let f = try await QueueFixture.make("repause")
        defer { f.close() }
        #expect(try await f.queue.pause(reason: "first", by: "a"))
        let first = try #require(try await f.queue.pauseState())
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await !f.queue.pause(reason: "second", by: "b"))
        let second = try #require(try await f.queue.pauseState())
        #expect(second.reason == "second" && second.by == "b")
        #expect(second.at == first.at && first.at != nil)
        #expect(try await f.queue.resume() != nil)
        #expect(try await f.queue.resume() == nil, "resuming a running queue changes nothing")
        #expect(try await f.queue.pauseState() == nil)
    }

    @Test func expiredLeasesGoBackToPendingWhilePausedAndWaitThere() async throws {
        let f = try await QueueFixture.make("pauserecover")
        defer { f.close() }
        try await f.push("r-1")
        #expect(try await f.claim(lease: .milliseconds(50)).count == 1)
        try await f.queue.pause(reason: "", by: "cli")
        try await f.expireLeases(count: 1)
        #expect(try await f.queue.pendingCount() == 1)
        #expect(try await f.queue.claimBatch(max: 10, lease: .seconds(30), worker: "w2", policy: .retry).paused)
        #expect(try await f.queue.pendingCount() == 1, "recovered, not claimed")
    }

    @Test func dueRetriesArePromotedWhilePausedAndWaitInPending() async throws {
        let f = try await QueueFixture.make("pauseretry")
        defer { f.close() }
        try await f.push("t-1")
        let job = try #require(try await f.claim().first)
        #expect(try await f.queue.retry(
            job, orderId: "t-1", after: .zero, refundAttempt: false, unsureNote: nil, errorCode: "http_503", errorMessage: "busy") == .stored)
        try await f.queue.pause(reason: "", by: "cli")
        #expect(try await f.queue.promoteDueRetries() == 1)
        #expect(try await f.queue.pendingCount() == 1)
        #expect(try await f.queue.claimBatch(max: 10, lease: .seconds(30), worker: "w2", policy: .retry).paused)
    }
}
