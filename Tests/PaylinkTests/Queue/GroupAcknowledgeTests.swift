@testable import Paylink
import PaylinkRedis
import Testing

/// Many results stored and acknowledged in one script call, and the worker's group commit.
@Suite(.timeLimit(.minutes(1)))
struct GroupAcknowledgeTests {
    @Test func oneCallSettlesManyJobsAndRefusesOnlyTheOneWhoseLeaseWasLost() async throws {
        let f = try await QueueFixture.make("group-ack")
        defer { f.close() }
        for id in ["g-1", "g-2", "g-3", "g-4"] { try await f.push(id) }
        let jobs = Dictionary(uniqueKeysWithValues: try await f.claim().map { (orderId(of: $0), $0) })
        // g-4's lease is lost: another worker now holds it.
        let lost = try #require(jobs["g-4"])
        _ = try await f.queue.release([(lost.jobId, false)])
        _ = try await f.claim()
        let invalid = OrderResult(
            orderId: "g-3", status: .invalid, fields: [(ResultField.errorCode, "invalid_amount"), (ResultField.errorMessage, "amount: not a number")])

        let acknowledged = try await f.queue.acknowledge([
            (try #require(jobs["g-1"]), QueueFixture.succeeded("g-1", paymentId: "P1")),
            (try #require(jobs["g-2"]), QueueFixture.failed("g-2")),
            (try #require(jobs["g-3"]), invalid),
            (lost, QueueFixture.failed("g-4")),
        ])

        #expect(acknowledged == [true, true, true, false])
        #expect(try await f.result("g-1")[ResultField.paymentId] == "P1")
        #expect(try await f.result("g-2")[ResultField.status] == "failed")
        #expect(try await f.result("g-3")[ResultField.errorCode] == "invalid_amount")
        #expect(try await f.result("g-4")[ResultField.status] == "sending", "the new holder's claim stands")
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 1 && status.results[.failed] == 1 && status.results[.invalid] == 1)
        #expect(status.results[.sending] == 1 && status.inflight == 1 && status.dead == 1)
    }

    @Test func theBatchIsReadFromTheElementOnlyWhenTheWorkerCouldNotSay() async throws {
        let f = try await QueueFixture.make("group-batch")
        defer { f.close() }
        for id in ["b-1", "b-2"] {
            let element = #"{"orderId":"\#(id)","amount":"100","callbackURL":"https://a.example/c","returnURL":"https://a.example/r","batchId":"B9"}"#
            try await f.queue.enqueue([Array(element.utf8)])
        }
        let jobs = Dictionary(uniqueKeysWithValues: try await f.claim().map { (orderId(of: $0), $0) })
        var known = QueueFixture.succeeded("b-1", paymentId: "P1")
        known.fields.append((ResultField.batchId, "B9"))
        known.batchIsKnown = true
        _ = try await f.queue.acknowledge([
            (try #require(jobs["b-1"]), known),
            (try #require(jobs["b-2"]), QueueFixture.succeeded("b-2", paymentId: "P2")),
        ])
        #expect(try await f.result("b-1")[ResultField.batchId] == "B9")
        #expect(try await f.result("b-2")[ResultField.batchId] == "B9", "read from the raw element")
        #expect(try await f.queue.batch("B9")?.succeeded == 2)
    }

    @Test func concurrentAcknowledgementsAreGroupedAndEachCallerGetsItsOwnAnswer() async throws {
        let f = try await QueueFixture.make("group-commit")
        defer { f.close() }
        let ids = (0..<300).map { "c-\($0)" }
        for id in ids { try await f.push(id) }
        var jobs: [ClaimedJob] = []
        while jobs.count < ids.count { jobs += try await f.claim(100) }
        let batcher = AcknowledgementBatcher(queue: f.queue)
        // The last 10 leases are lost before their failures arrive.
        let lost = Set(jobs.suffix(10).map(\.jobId))
        _ = try await f.queue.release(jobs.suffix(10).map { ($0.jobId, false) })

        let answers = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for job in jobs {
                let id = orderId(of: job)
                let result = lost.contains(job.jobId) ? QueueFixture.failed(id) : QueueFixture.succeeded(id, paymentId: "P-\(id)")
                group.addTask { (job.jobId, try await batcher.acknowledge(job, with: result) == .stored) }
            }
            return try await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }

        #expect(answers.count == 300)
        #expect(answers.filter { !$0.value }.map(\.key).sorted() == lost.sorted())
        let status = try await f.queue.status()
        #expect(status.results[.succeeded] == 290 && status.inflight == 0 && status.pending == 10)
    }

    private func orderId(of job: ClaimedJob) -> String {
        (try? OrderParser.parse(job.element).get().orderId) ?? ""
    }
}
