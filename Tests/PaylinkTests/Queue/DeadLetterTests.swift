import Paylink
import PaylinkRedis
import Testing

/// The dead list and retention.
@Suite(.timeLimit(.minutes(1)))
struct DeadLetterTests {
    @Test func aFailedOrderIsDeadUntilRetriedOrPurged() async throws {
        let f = try await QueueFixture.make("dead")
        defer { f.close() }
        for id in ["x-1", "x-2", "x-3"] { try await f.push(id) }
        for job in try await f.claim() {
            let orderId = String(decoding: job.element, as: UTF8.self).contains("x-1") ? "x-1" : String(decoding: job.element, as: UTF8.self).contains("x-2") ? "x-2" : "x-3"
            #expect(try await f.queue.acknowledge(job, with: QueueFixture.failed(orderId)))
        }
        let dead = try await f.queue.deadLetters()
        #expect(Set(dead.map(\.id)) == ["x-1", "x-2", "x-3"])
        #expect(dead.allSatisfy { $0.errorCode == "10005" && $0.attempts == 1 && $0.element.contains($0.id) && $0.deadAt > 0 })

        #expect(try await f.queue.retryDead(["x-1"]) == 1)
        var result = try await f.result("x-1")
        #expect(result[ResultField.status] == "queued" && result[ResultField.attempts] == "0")
        #expect(try await f.claim().map(\.attempt) == [1])

        #expect(try await f.queue.purgeDead(olderThan: .seconds(3600)) == 0)
        #expect(try await f.queue.purgeDead(olderThan: nil) == 2)
        #expect(try await f.queue.status().dead == 0)
        result = try await f.result("x-2")
        #expect(result[ResultField.status] == "failed", "purging the dead list keeps the result")
    }

    @Test func retentionTrimsTheOldestBeyondTheLimits() async throws {
        let f = try await QueueFixture.make("trim")
        defer { f.close() }
        for index in 0..<5 { try await f.push("t-\(index)") }
        for job in try await f.claim() {
            let orderId = try #require(String(decoding: job.element, as: UTF8.self).split(separator: "\"").dropFirst(3).first)
            let result = orderId.hasSuffix("4") ? QueueFixture.failed(String(orderId)) : QueueFixture.succeeded(String(orderId), paymentId: "P\(orderId)")
            #expect(try await f.queue.acknowledge(job, with: result))
        }
        let removed = try await f.queue.trim(retention: Retention(deadMaxAge: nil, deadMaxCount: 0, resultMaxAge: nil, resultMaxCount: 2))
        #expect(removed.dead == 1 && removed.results == 3)
        let status = try await f.queue.status()
        #expect(status.resultCount == 2 && status.dead == 0)
        let left = try await f.queue.trim(retention: Retention(deadMaxAge: nil, deadMaxCount: nil, resultMaxAge: .zero, resultMaxCount: nil))
        #expect(left.results == 2)
        #expect(try await f.queue.status().resultCount == 0)
    }
}
