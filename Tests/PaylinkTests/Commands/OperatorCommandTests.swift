import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `paylink dead` and `paylink unknown`, as an operator runs them.
@Suite(.timeLimit(.minutes(2)))
struct OperatorCommandTests {
    @Test func deadListRetryAndPurge() async throws {
        let url = try await TestRedis.url()
        let f = try await QueueFixture.make("deadcli")
        defer { f.close() }
        for id in ["k-1", "k-2"] {
            try await f.push(id)
            let job = try #require(try await f.claim().first)
            #expect(try await f.queue.acknowledge(job, with: QueueFixture.failed(id)))
        }
        let common = ["--queue", f.queue.keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"]

        let list = try ScriptRun.paylink(["dead", "list", "--elements"] + common, environment: [:])
        #expect(try await list.waitForExit(timeout: .seconds(30)) == 0, "\(list.output)")
        #expect(list.output.contains("2 dead entries"), "\(list.output)")
        #expect(list.output.contains("k-1") && list.output.contains("10005: invalidOrder: refused"), "\(list.output)")

        let retry = try ScriptRun.paylink(["dead", "retry", "k-2"] + common, environment: [:])
        #expect(try await retry.waitForExit(timeout: .seconds(30)) == 0, "\(retry.output)")
        #expect(retry.output.contains("1 entries sent back"))
        #expect(try await f.queue.pendingCount() == 1)

        let both = try ScriptRun.paylink(["dead", "retry", "--all", "k-1"] + common, environment: [:])
        #expect(try await both.waitForExit(timeout: .seconds(30)) != 0)
        #expect(both.output.contains("either --all or entry IDs"), "\(both.output)")

        let badAge = try ScriptRun.paylink(["dead", "purge", "--older-than", "7 weeks"] + common, environment: [:])
        #expect(try await badAge.waitForExit(timeout: .seconds(30)) != 0)
        #expect(badAge.output.contains("--older-than"), "\(badAge.output)")

        let purge = try ScriptRun.paylink(["dead", "purge", "--older-than", "0s"] + common, environment: [:])
        #expect(try await purge.waitForExit(timeout: .seconds(30)) == 0, "\(purge.output)")
        #expect(purge.output.contains("1 dead entries deleted"), "\(purge.output)")
    }

    @Test func unknownListAndResolve() async throws {
        let url = try await TestRedis.url()
        let f = try await QueueFixture.make("unknowncli")
        defer { f.close() }
        try await f.push("z-1")
        try await f.markSent(try await f.claim(lease: .milliseconds(50)))
        try await f.expireLeases(count: 1)
        #expect(try await f.claim(policy: .park).isEmpty)
        let common = ["--queue", f.queue.keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"]

        let list = try ScriptRun.paylink(["unknown", "list"] + common, environment: [:])
        #expect(try await list.waitForExit(timeout: .seconds(30)) == 0, "\(list.output)")
        #expect(list.output.contains("1 orders parked") && list.output.contains("z-1"), "\(list.output)")
        #expect(list.output.contains("worker lost while sending"), "\(list.output)")

        let resolve = try ScriptRun.paylink(["unknown", "resolve", "z-1", "--fail", "--message", "no link at OTT Pay"] + common, environment: [:])
        #expect(try await resolve.waitForExit(timeout: .seconds(30)) == 0, "\(resolve.output)")
        #expect(try await f.result("z-1")[ResultField.status] == "failed")

        let again = try ScriptRun.paylink(["unknown", "resolve", "z-1", "--retry"] + common, environment: [:])
        #expect(try await again.waitForExit(timeout: .seconds(30)) == 1)
        #expect(again.output.contains("not parked"), "\(again.output)")
    }
}
