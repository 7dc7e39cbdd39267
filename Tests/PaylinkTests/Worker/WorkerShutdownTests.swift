import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// Shutdown fits the service manager's stop timeout, even while Redis is down.
@Suite(.timeLimit(.minutes(3)))
struct WorkerShutdownTests {
    @Test func aRedisOutageAtShutdownSpoolsTheResultsWithinTheBudget() async throws {
        let f = try await OutageFixture.make(queue: "outage", latency: .milliseconds(1500))
        defer { f.close() }
        let (server, queue, keys, mock, spool) = (f.server, f.queue, f.keys, f.mock, f.spool)
        try await TestOrders.enqueue(TestOrders.valid(10, prefix: "out"), on: queue)
        // Room for the 1.5 s calls to finish on a busy machine: the outage, not the drain, is tested.
        let deadline = Duration.seconds(6)
        let configure: (inout WorkerConfiguration) -> Void = {
            $0.spoolDirectory = spool
            $0.shutdownDeadline = deadline
        }
        let first = try TestWorker.start(redisURL: server.url, mock: mock, configure: configure, keys: keys)
        try await poll("all orders sent") { try await TestOrders.sent(prefix: "out", count: 10, on: queue) == 10 }
        server.kill()
        let stopping = ContinuousClock.now
        #expect(await first.stop() == nil)
        let budget = WorkerConfiguration(keys: keys).shutdownBudget
        #expect(ContinuousClock.now - stopping < deadline + budget + .seconds(1), "the spool was reached within deadline + budget")
        #expect(try await mock.stat("linksCreated") == 10)
        let files = spoolFiles(spool)
        #expect(files.count == 1)
        let entries = try files.flatMap { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n") }.filter { $0.contains("\"jobId\"") }
        #expect(entries.count == 10)

        try await server.restart()
        let second = try TestWorker.start(redisURL: server.url, mock: mock, configure: configure, keys: keys)
        try await poll("spooled results stored") { (try? await queue.status().results[.succeeded]) == 10 }
        await second.stop()
        #expect(spoolFiles(spool).isEmpty)
        #expect(try await mock.stat("linksCreated") == 10, "nothing was sent twice")
        let result = try await queue.result(orderId: "out-3") ?? [:]
        #expect(result[ResultField.payInfo]?.isEmpty == false)
    }

    /// The unit's stop timeout covers the drain deadline it passes plus the shutdown budget,
    /// with a margin for the process to exit, so SIGKILL never comes before the spool.
    @Test func theSystemdUnitWaitsLongerThanTheWholeShutdown() throws {
        let unit = try String(contentsOfFile: ScriptRun.repositoryRoot + "/Deploy/systemd/paylink-worker@.service", encoding: .utf8)
        let lines = unit.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        let stopTimeout = try #require(lines.first { $0.hasPrefix("TimeoutStopSec=") }.flatMap { Double($0.dropFirst("TimeoutStopSec=".count)) })
        let execStart = try #require(lines.first { $0.hasPrefix("ExecStart=") })
        let words = execStart.split(separator: " ")
        let flag = try #require(words.firstIndex(of: "--shutdown-deadline"), "the unit passes its drain deadline explicitly")
        let deadline = try #require(Double(words[flag + 1]))
        let budget = Double(WorkerConfiguration(keys: try QueueKeys(queue: "q")).shutdownBudget.components.seconds)
        #expect(stopTimeout >= deadline + budget + 5, "TimeoutStopSec=\(stopTimeout) < --shutdown-deadline \(deadline) + budget \(budget) + 5 s")
    }

    /// Every `.spool` file under `root`, at any depth.
    private func spoolFiles(_ root: String) -> [String] {
        let names = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return names.filter { $0.hasSuffix(".spool") }.map { root + "/" + $0 }
    }
}
