import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Issue 3 end to end: real workers, real Redis, real HTTP to the stand-in.
@Suite(.timeLimit(.minutes(5)))
struct RecoveryTests {
    @Test func anOrderPushedFiveTimesGetsOneLink() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("five"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(200)))
        defer { mock.stop() }
        let order = TestOrders.valid(1, prefix: "five")
        try await queue.enqueue(order + order + order)
        let worker = try TestWorker.start(redisURL: try await TestRedis.url(), mock: mock, keys: keys)
        try await poll("the first link") { try await queue.status().results[.succeeded] == 1 }
        try await queue.enqueue(order + order)
        try await poll("every push answered") {
            let status = try await queue.status()
            return status.duplicates == 4 && status.pending == 0 && status.inflight == 0
        }
        await worker.stop()
        #expect(try await mock.stat("linksCreated") == 1)
        #expect(try await queue.result(orderId: "five-0")?[ResultField.duplicates] == "4")
    }

    @Test func transientFailuresWaitInTheRetrySetThenSucceed() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("retryset"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await mock.setFaults(#"{"unavailable": 1}"#)
        try await TestOrders.enqueue(TestOrders.valid(20, prefix: "rs"), on: queue)
        let worker = try TestWorker.start(
            redisURL: try await TestRedis.url(), mock: mock,
            configure: {
                $0.maxAttempts = 1000
                $0.retryBaseDelay = .milliseconds(100)
                $0.retryMaxDelay = .milliseconds(300)
            }, keys: keys)
        try await poll("every order waiting to retry") { try await queue.status().results[.retrying] == 20 }
        try await mock.setFaults("{}")
        try await poll("all succeeded") { try await queue.status().results[.succeeded] == 20 }
        await worker.stop()
        let status = try await queue.status()
        #expect(status.retrying == 0 && status.dead == 0)
        for index in 0..<20 {
            let result = try await queue.result(orderId: "rs-\(index)") ?? [:]
            #expect(Int(result[ResultField.attempts] ?? "") ?? 0 >= 2)
            #expect(result[ResultField.possibleDuplicate] == nil, "503 creates nothing: no flag")
        }
        #expect(try await mock.stat("linksCreated") == 20)
    }

    @Test func ambiguousOutcomesAreSentAgainAndFlaggedUnderRetry() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("ambig"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await mock.setFaults(#"{"serverError": 1}"#)
        try await TestOrders.enqueue(TestOrders.valid(5, prefix: "am"), on: queue)
        let worker = try TestWorker.start(redisURL: try await TestRedis.url(), mock: mock, configure: { $0.maxAttempts = 2 }, keys: keys)
        try await poll("all failed") { try await queue.status().results[.failed] == 5 }
        await worker.stop()
        for index in 0..<5 {
            let result = try await queue.result(orderId: "am-\(index)") ?? [:]
            #expect(result[ResultField.possibleDuplicate] == "1")
            #expect(result[ResultField.attempts] == "2")
            #expect(result[ResultField.earlierAttempts]?.hasPrefix("attempt 1: http_50") == true, "\(result)")
            #expect(result[ResultField.errorMessage]?.contains("a link may exist") == true)
        }
        // Every order got two links, and every one of them is flagged.
        #expect(try await mock.stat("linksCreated") == 10)
        #expect(try await mock.stat("duplicateFingerprints") == 5)
        #expect(try await queue.deadLetters().count == 5)
    }

    @Test func aResultIsWrittenWhenRedisComesBack() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        defer { server.stop() }
        let redis = try await TestRedis.client(server.url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: "comeback")
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(1500)))
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(20, prefix: "cb"), on: queue)
        let worker = try TestWorker.start(redisURL: server.url, mock: mock, keys: keys)
        // The stand-in holds each call for its latency before answering: stop Redis meanwhile.
        try await poll("all orders sent") { try await TestOrders.sent(prefix: "cb", count: 20, on: queue) == 20 }
        server.stop()
        try await poll("all answered") { try await mock.stat("linksCreated") == 20 }
        // Give the worker a moment to meet the closed port before Redis returns.
        try await Task.sleep(for: .milliseconds(300))
        try await server.restart()
        try await poll("results stored after the restart") { (try? await queue.status().results[.succeeded]) == 20 }
        #expect(await worker.stop() == nil)
        #expect(try await mock.stat("linksCreated") == 20)
        #expect(try await queue.status().inflight == 0)
    }

    @Test func resultsSpooledAtShutdownAreReplayedAtTheNextStart() async throws {
        let f = try await OutageFixture.make(queue: "spool", latency: .milliseconds(1000))
        defer { f.close() }
        let (server, queue, keys, mock, spool) = (f.server, f.queue, f.keys, f.mock, f.spool)
        try await TestOrders.enqueue(TestOrders.valid(10, prefix: "sp"), on: queue)
        let configure: (inout WorkerConfiguration) -> Void = {
            $0.spoolDirectory = spool
            // Room for the ten 1 s calls to finish under CI's parallel load: past the deadline a
            // call is cancelled (and later sent again, flagged), so nothing would reach the spool.
            $0.shutdownDeadline = .seconds(20)
        }
        let first = try TestWorker.start(redisURL: server.url, mock: mock, configure: configure, keys: keys)
        try await poll("all orders sent") { try await TestOrders.sent(prefix: "sp", count: 10, on: queue) == 10 }
        server.stop()
        #expect(await first.stop() == nil)
        #expect(try await mock.stat("linksCreated") == 10)
        let files = spoolFiles(spool)
        #expect(files.count == 1)
        let lines = try String(contentsOfFile: spool + "/" + files[0], encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 11, "a header and ten results")

        try await server.restart()
        let second = try TestWorker.start(redisURL: server.url, mock: mock, configure: configure, keys: keys)
        try await poll("spooled results stored") { (try? await queue.status().results[.succeeded]) == 10 }
        await second.stop()
        #expect(spoolFiles(spool).isEmpty)
        #expect(try await mock.stat("linksCreated") == 10, "nothing was sent twice")
        let result = try await queue.result(orderId: "sp-3") ?? [:]
        #expect(result[ResultField.payInfo]?.isEmpty == false && result[ResultField.attempts] == "1")
    }

    /// Every `.spool` file under `root` (one subdirectory per queue), relative to it.
    private func spoolFiles(_ root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".spool") }
    }
}

/// The fleet rate limit, end to end: two workers share one limit and a 429 storm pauses them.
@Suite(.timeLimit(.minutes(2)))
struct FleetLimitWorkerTests {
    @Test func twoWorkersShareOneRateAndPauseTogetherOnA429Storm() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("fleet"))
        let queue = OrderQueue(keys: keys, redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(120, prefix: "fl"), on: queue)
        let limit = RateLimitConfiguration(requestsPerSecond: 40, burst: 4)
        // Every call refused for the first moments: the fleet pauses instead of hammering.
        try await mock.setFaults(#"{"rateLimited": 1, "retryAfterSeconds": 1}"#)
        let workers = try (0..<2).map { _ in try TestWorker.start(redisURL: url, mock: mock, rateLimit: limit, keys: keys) }
        try await poll("the first refusals") { try await mock.stat("payCalls") >= 1 }
        try await Task.sleep(for: .milliseconds(900))
        let refusedDuringPause = try await mock.stat("payCalls")
        try await mock.setFaults("{}")
        try await poll("all succeeded") { try await queue.status().results[.succeeded] == 120 }
        for worker in workers { await worker.stop() }
        // Without the pause the two workers would send ~36 calls in that time (40/s).
        #expect(refusedDuringPause <= 20, "one pause, not a stampede: \(refusedDuringPause) calls in the first 0.9 s")
        let stats = try await mock.stats()
        var perSecond: [Int] = []
        if case .array(let seconds)? = stats["perSecond"] {
            for case .object(let second) in seconds {
                if case .number(let calls)? = second["payCalls"], let count = Int(calls) { perSecond.append(count) }
            }
        }
        #expect(!perSecond.isEmpty)
        #expect(perSecond.allSatisfy { $0 <= 40 + 4 + 2 }, "\(perSecond)")
        #expect(try await mock.stat("linksCreated") == 120)
    }
}
