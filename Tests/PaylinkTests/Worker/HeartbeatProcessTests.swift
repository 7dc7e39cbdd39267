import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Worker processes' heartbeats, as `paylink workers` and `paylink status` show them.
@Suite(.timeLimit(.minutes(2)))
struct HeartbeatProcessTests {
    @Test func twoWorkersAreListedAndAKilledOneVanishesWithinTheExpiry() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let fleet = FleetRun("beat", url: url)
        let queue = OrderQueue(keys: try QueueKeys(queue: fleet.queue), redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        try await TestOrders.enqueue(TestOrders.valid(40), on: queue)
        // Beats every 0.3 s: gone after 0.9 s without one.
        let first = try fleet.worker(mock, ["--heartbeat-interval", "0.3", "--concurrency", "3"])
        let second = try fleet.worker(mock, ["--heartbeat-interval", "0.3", "--concurrency", "5"])
        try await poll("both workers listed, every order counted") {
            let live = try await fleet.liveWorkers()
            return live.count == 2 && live.reduce(0) { $0 + $1.ordersDone } == 40
        }
        let live = try await fleet.liveWorkers()
        #expect(Set(live.map(\.pid)) == [Int(first.pid), Int(second.pid)], "\(live)")
        #expect(Set(live.map(\.concurrency)) == [3, 5])
        #expect(live.allSatisfy { $0.queues == [fleet.queue] && $0.inFlight == 0 && $0.version == PaylinkVersion.current })
        #expect(live.allSatisfy { $0.id.hasPrefix("\($0.host):\($0.pid):") && $0.lastBeatAgeMs < 2000 && $0.startedAt <= $0.lastBeat })
        let status = try #require(try await fleet.json(FleetStatus.self, ["status", "--json"]).first)
        #expect(Set(status.workers.map(\.pid)) == [Int(first.pid), Int(second.pid)], "only the workers serving this queue")
        let text = try await fleet.run(["status"])
        #expect(text.contains("workers serving it (2 live") && text.contains(live[0].id), "\(text)")

        first.signal(SIGKILL)
        let killedAt = ContinuousClock.now
        try await poll(timeout: .seconds(10), "the killed worker gone from the list") {
            try await fleet.liveWorkers().map(\.pid) == [Int(second.pid)]
        }
        #expect(ContinuousClock.now - killedAt < .seconds(3), "within the 0.9 s expiry, plus a command's start-up")
        second.signal(SIGTERM)
        #expect(try await second.waitForExit(timeout: .seconds(30)) == 0, "\(second.output)")
    }

    @Test func aWorkerStoppedBySIGTERMVanishesAtOnce() async throws {
        let url = try await TestRedis.url()
        let fleet = FleetRun("beatterm", url: url)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        // The default 5 s interval: 15 s of expiry cannot be what removes it.
        let worker = try fleet.worker(mock)
        try await poll("the worker listed") { try await fleet.liveWorkers().count == 1 }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        #expect(try await fleet.liveWorkers().isEmpty)
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let members = try await redis.send(RedisCommand("ZRANGE", HeartbeatKeys.workers, 0, -1)).array ?? []
        #expect(!members.contains { $0.string?.contains(":\(worker.pid):") == true }, "its entry removed, not left to expire")
    }

    @Test func aHeartbeatRedisRefusesNeverStopsTheWorker() async throws {
        // A Redis of its own: the fleet's key is broken on purpose.
        let server = try await LocalRedisServer.start()
        defer { server.stop() }
        let redis = try await TestRedis.client(server.url)
        defer { redis.shutdown() }
        _ = try await redis.send(RedisCommand("SET", HeartbeatKeys.workers, "not a sorted set"))
        let fleet = FleetRun("beatfail", url: server.url)
        let queue = OrderQueue(keys: try QueueKeys(queue: fleet.queue), redis: redis)
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let worker = try fleet.worker(mock, ["--heartbeat-interval", "0.1"])
        try await TestOrders.enqueue(TestOrders.valid(20), on: queue)
        try await poll("every order done") { try await TestOrders.finished(queue) == 20 }
        try await Task.sleep(for: .seconds(1))  // ten more failing beats
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        let warnings = worker.output.components(separatedBy: "Could not write the heartbeat").count - 1
        #expect(warnings == 1, "logged once, not once a beat: \(worker.output)")
        #expect(try await queue.status().results[.succeeded] == 20)
    }
}
