import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// `paylink queue pause|resume` with real worker processes: a paused queue is paused for the
/// whole fleet, across restarts, and orders already in flight finish.
@Suite(.timeLimit(.minutes(3)))
struct QueueCommandTests {
    @Test func aPausedQueueClaimsNothingAcrossTwoWorkersUntilResumed() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let fleet = FleetRun("qpause", url: url)
        let queue = OrderQueue(keys: try QueueKeys(queue: fleet.queue), redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(30), on: queue)
        let paused = try await fleet.run(["queue", "pause", fleet.queue, "--reason", "bank maintenance"])
        #expect(paused.contains("paused \(fleet.queue)"), "\(paused)")

        let workers = [try fleet.worker(mock), try fleet.worker(mock)]
        try await poll("both workers saw the pause") {
            workers.allSatisfy { $0.output.contains("Queue paused by an operator") && $0.output.contains("reason=bank maintenance") }
        }
        try await Task.sleep(for: .seconds(2))  // two more claims each
        let status = try await queue.status()
        #expect(status.pending == 30 && status.inflight == 0 && status.resultCount == 0, "\(status)")
        #expect(try await queue.result(orderId: "o-0") == nil)
        #expect(try await mock.stat("linksCreated") == 0)
        #expect(workers.allSatisfy { $0.output.components(separatedBy: "Queue paused by an operator").count == 2 }, "logged once each")

        let resumed = try await fleet.run(["queue", "resume", fleet.queue])
        #expect(resumed.contains("resumed \(fleet.queue)"), "\(resumed)")
        try await poll("every order done") { try await queue.status().results[.succeeded] == 30 }
        #expect(try await mock.stat("linksCreated") == 30)
        // A paused worker asks again once a second: the other one may finish all 30 orders first.
        try await poll("both workers saw the resume") { workers.allSatisfy { $0.output.contains("Queue resumed") } }
        for worker in workers {
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        }
    }

    @Test func aPauseSurvivesAWorkerRestart() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let fleet = FleetRun("qrestart", url: url)
        let queue = OrderQueue(keys: try QueueKeys(queue: fleet.queue), redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await fleet.run(["queue", "pause", fleet.queue])
        try await TestOrders.enqueue(TestOrders.valid(10), on: queue)
        let before = try fleet.worker(mock)
        try await poll("the worker saw the pause") { before.output.contains("Queue paused by an operator") }
        before.signal(SIGTERM)
        #expect(try await before.waitForExit(timeout: .seconds(30)) == 0, "\(before.output)")

        let after = try fleet.worker(mock)
        try await poll("the restarted worker saw the pause") { after.output.contains("Queue paused by an operator") }
        try await Task.sleep(for: .seconds(1))
        #expect(try await queue.status().pending == 10)
        #expect(try await mock.stat("linksCreated") == 0)
        try await fleet.run(["queue", "resume", fleet.queue])
        try await poll("every order done") { try await queue.status().results[.succeeded] == 10 }
        after.signal(SIGTERM)
        #expect(try await after.waitForExit(timeout: .seconds(30)) == 0, "\(after.output)")
    }

    @Test func pausingWhileOrdersAreInFlightLetsThemFinish() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let fleet = FleetRun("qinflight", url: url)
        let queue = OrderQueue(keys: try QueueKeys(queue: fleet.queue), redis: redis)
        // Slow calls, so that the pause lands while four are on their way.
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: .milliseconds(1000)))
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(24), on: queue)
        let worker = try fleet.worker(mock, ["--concurrency", "4"])
        try await poll("four orders in flight") { try await queue.status().inflight == 4 }
        try await fleet.run(["queue", "pause", fleet.queue, "--reason", "drain"])
        try await poll("the worker saw the pause") { worker.output.contains("Queue paused by an operator") }
        try await poll("the orders in flight finished") { try await queue.status().inflight == 0 }
        let paused = try await queue.status()
        #expect(paused.results[.succeeded] ?? 0 >= 4, "the ones in flight succeeded: \(paused)")
        #expect(paused.resultCount == paused.results[.succeeded] ?? 0, "none failed or was cut short")
        #expect(paused.pending + paused.resultCount == 24 && paused.pending > 0)
        try await Task.sleep(for: .seconds(2))
        #expect(try await queue.status() == paused, "nothing more taken while paused")

        try await fleet.run(["queue", "resume", fleet.queue])
        try await poll("every order done") { try await queue.status().results[.succeeded] == 24 }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        #expect(try await mock.stat("linksCreated") == 24)
    }

    @Test func pauseAndResumeReachEveryShard() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let fleet = FleetRun("qshard", url: url)
        let shards = try QueueShards(queue: fleet.queue, count: 3)
        let output = try await fleet.run(["queue", "pause", fleet.queue, "--shards", "3", "--reason", "all"])
        for keys in shards.shards {
            #expect(output.contains("paused \(keys.queue)"), "\(output)")
            #expect(try await OrderQueue(keys: keys, redis: redis).pauseState()?.reason == "all")
        }
        let status = try #require(try await fleet.json(FleetStatus.self, ["status", "--json", "--shards", "3"]).first)
        #expect(status.queues.map(\.queue) == shards.shards.map(\.queue))
        #expect(status.queues.allSatisfy { $0.paused?.reason == "all" })
        try await fleet.run(["queue", "resume", fleet.queue, "--shards", "3"])
        for keys in shards.shards { #expect(try await OrderQueue(keys: keys, redis: redis).pauseState() == nil) }
    }

    @Test func aQueueFlagThatDiffersFromTheArgumentIsRefused() async throws {
        let process = try ScriptRun.paylink(["queue", "pause", "a", "--queue", "b", "--redis-url", "redis://127.0.0.1:1/0"], environment: [:])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true)
        #expect(process.output.contains("invalid --queue"), "\(process.output)")
    }
}
