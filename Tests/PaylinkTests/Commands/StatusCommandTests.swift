import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `paylink status --json` and `--watch`, read by a machine.
@Suite(.timeLimit(.minutes(2)))
struct StatusCommandTests {
    @Test func statusJSONHasTheExactCounts() async throws {
        let url = try await TestRedis.url()
        let f = try await QueueFixture.make("statusjson")
        defer { f.close() }
        let fleet = FleetRun("statusjson", url: url, queue: f.queue.keys.queue)
        for id in ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"] { try await f.push(id) }
        try await f.push("s-1")  // answered from the result once s-1 is held
        let jobs = try await f.claim(3)  // s-1, s-2, s-3
        #expect(try await f.queue.acknowledge(jobs[0], with: QueueFixture.succeeded("s-1", paymentId: "P1")))
        #expect(try await f.queue.acknowledge(jobs[1], with: QueueFixture.failed("s-2")))
        try await f.queue.pause(reason: "audit", by: "ops@host")

        let status = try #require(try await fleet.json(FleetStatus.self, ["status", "--json"]).first)
        let queue = try #require(status.queues.first)
        #expect(status.queues.count == 1 && queue.queue == f.queue.keys.queue)
        #expect(queue.pending == 4 && queue.inFlight == 1 && queue.retrying == 0)
        #expect(queue.dead == 1 && queue.rejected == 0 && queue.duplicates == 0)
        #expect(queue.results == ["queued": 0, "sending": 1, "retrying": 0, "succeeded": 1, "invalid": 0, "failed": 1, "unknown": 0])
        #expect(queue.paused?.reason == "audit" && queue.paused?.by == "ops@host")
        #expect(try await f.queue.pauseState()?.at == queue.paused?.since)
        #expect(status.time > 1_700_000_000_000)
        // The throughput counters: s-1 and s-2 ended this minute (or the last, should it have ended since).
        #expect(queue.thisMinute.start - queue.lastMinute.start == 60_000 && queue.thisMinute.start % 60_000 == 0)
        #expect(queue.thisMinute.succeeded + queue.lastMinute.succeeded == 1 && queue.thisMinute.failed + queue.lastMinute.failed == 1)
        #expect(queue.thisMinute.invalid + queue.thisMinute.unknown + queue.thisMinute.rejected == 0)

        try await f.queue.resume()
        let output = try await fleet.run(["status", "--json"])
        #expect(output.contains(#""paused":null"#), "present, and null, while running: \(output)")
    }

    @Test func watchWithACountPrintsThatManySnapshots() async throws {
        let url = try await TestRedis.url()
        let fleet = FleetRun("statuswatch", url: url)
        let text = try await fleet.run(["status", "--watch", "--count", "2", "--interval", "100ms"])
        #expect(text.components(separatedBy: "queue \(fleet.queue)\n").count == 3, "\(text)")
        #expect(text.contains("\n\nqueue \(fleet.queue)\n"), "snapshots apart by a blank line off a terminal: \(text)")
        #expect(!text.contains("\u{1B}["), "no terminal codes into a file")

        let snapshots = try await fleet.json(FleetStatus.self, ["status", "--json", "--watch", "--count", "3", "--interval", "0.1"])
        #expect(snapshots.count == 3)
        #expect(snapshots.allSatisfy { $0.queues.map(\.queue) == [fleet.queue] })
        #expect(zip(snapshots, snapshots.dropFirst()).allSatisfy { $0.time < $1.time })
    }

    @Test(arguments: [
        (["status", "--count", "2"], "--count"),
        (["status", "--watch", "--count", "0"], "--count"),
        (["status", "--watch", "--interval", "10ms"], "--interval"),
        (["status", "--watch", "--interval", "soon"], "--interval"),
    ])
    func badWatchSettingsAreNamed(arguments: [String], named: String) async throws {
        let process = try ScriptRun.paylink(arguments + ["--redis-url", "redis://127.0.0.1:1/0"], environment: [:])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(String(describing: exit)) \(process.output)")
        #expect(process.output.contains("invalid \(named)"), "\(process.output)")
    }
}
