import Paylink
import PaylinkRedis
import Testing

/// Batch figures stay exact under duplicates, retries and recovery; one completion event.
@Suite(.timeLimit(.minutes(1)))
struct BatchTests {
    private func element(_ orderId: String, batch: String, amount: String = "100") -> [UInt8] {
        Array(#"{"orderId":"\#(orderId)","amount":"\#(amount)","callbackURL":"https://a.example/c","returnURL":"https://a.example/r","batchId":"\#(batch)"}"#.utf8)
    }

    private func events(_ f: QueueFixture) async throws -> [[String: String]] {
        let entries = try await f.redis.send(RedisCommand("XRANGE", f.queue.keys.events, "-", "+")).array ?? []
        return entries.map { entry in
            let flat = entry.array?.last?.array ?? []
            var fields: [String: String] = [:]
            for index in stride(from: 0, to: flat.count - 1, by: 2) { fields[flat[index].string ?? ""] = flat[index + 1].string ?? "" }
            return fields
        }
    }

    private func settle(_ f: QueueFixture, _ jobs: [ClaimedJob], as status: (String) -> OrderResult) async throws {
        for job in jobs {
            let order = try OrderParser.parse(job.element).get()
            #expect(try await f.queue.acknowledge(job, with: status(order.orderId)))
        }
    }

    @Test func countsStayExactThroughDuplicatesRetriesAndRecovery() async throws {
        let f = try await QueueFixture.make("batch")
        defer { f.close() }
        #expect(try await f.queue.registerBatch("B1", orderIds: ["b-1", "b-2", "b-3"]) == 3)
        #expect(try await f.queue.registerBatch("B1", orderIds: ["b-1", "b-2", "b-3"]) == 0, "registering again counts nothing")
        try await f.queue.enqueue([element("b-1", batch: "B1"), element("b-1", batch: "B1"), element("b-2", batch: "B1")])

        // b-1's worker dies; the order is recovered and finished by another; b-2 fails.
        let first = try await f.claim(lease: .milliseconds(50))
        #expect(first.count == 2, "the second b-1 is a duplicate of a live job")
        try await f.expireLeases(count: 2)
        let second = try await f.claim()
        #expect(second.count == 2)
        for job in second {
            let order = try OrderParser.parse(job.element).get()
            let result = order.orderId == "b-1" ? QueueFixture.succeeded("b-1", paymentId: "P1") : QueueFixture.failed("b-2")
            #expect(try await f.queue.acknowledge(job, with: result))
        }
        var batch = try #require(try await f.queue.batch("B1"))
        #expect(batch.total == 3 && batch.succeeded == 1 && batch.failed == 1 && batch.pending == 1 && batch.finishedAt == nil)

        // The failed order is retried from the dead list and succeeds; b-3 arrives invalid.
        #expect(try await f.queue.retryDead(["b-2"]) == 1)
        batch = try #require(try await f.queue.batch("B1"))
        #expect(batch.failed == 0 && batch.pending == 2)
        try await f.queue.enqueue([element("b-3", batch: "B1", amount: "1.5")])
        let third = try await f.claim()
        for job in third {
            switch OrderParser.parse(job.element) {
            case .success(let order):
                #expect(try await f.queue.acknowledge(job, with: QueueFixture.succeeded(order.orderId, paymentId: "P2")))
            case .failure(let rejection):
                let invalid = OrderResult(orderId: rejection.orderId ?? "", status: .invalid, fields: [(ResultField.errorMessage, rejection.description)])
                #expect(try await f.queue.acknowledge(job, with: invalid))
            }
        }
        batch = try #require(try await f.queue.batch("B1"))
        #expect(batch.total == 3 && batch.succeeded == 2 && batch.invalid == 1 && batch.pending == 0 && batch.finishedAt != nil)

        // A late duplicate push changes nothing.
        try await f.queue.enqueue([element("b-1", batch: "B1")])
        #expect(try await f.claim().isEmpty)
        let all = try await events(f)
        let completions = all.filter { $0["type"] == "batch-completed" }
        #expect(completions.count == 1)
        #expect(completions.first?["succeeded"] == "2" && completions.first?["invalid"] == "1" && completions.first?["total"] == "3")
        #expect(all.filter { $0["type"] == "result" }.count == 4, "b-1, b-2 failed, b-2 succeeded, b-3")
        #expect(try await f.queue.batches().map(\.batchId) == ["B1"])
    }

    @Test func aBatchFinishesOnceWhenItsLastOrdersFinishTogether() async throws {
        let f = try await QueueFixture.make("race")
        defer { f.close() }
        let ids = (0..<50).map { "r-\($0)" }
        try await f.queue.registerBatch("R", orderIds: ids)
        try await f.queue.enqueue(ids.map { element($0, batch: "R") })
        let jobs = try await f.claim(50)
        // Fifty acknowledgements at once, pipelined on one connection: the scripts are atomic.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask {
                    let order = try OrderParser.parse(job.element).get()
                    _ = try await f.queue.acknowledge(job, with: QueueFixture.succeeded(order.orderId, paymentId: "P-\(order.orderId)"))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await events(f).filter { $0["type"] == "batch-completed" }.count == 1)
        #expect(try await f.queue.batch("R")?.succeeded == 50)
    }
}
