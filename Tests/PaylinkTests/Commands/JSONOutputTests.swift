import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// `--json` on `result`, `batch show|list`, `dead list` and `unknown list`: one document on
/// stdout, parsed here with the project's strict parser (a key written twice is refused).
@Suite(.timeLimit(.minutes(2)))
struct JSONOutputTests {
    /// Runs `paylink` with `arguments` against the fixture's queue; returns the exit code and the
    /// stdout document (stderr, where logs go, kept apart).
    private func run(_ arguments: [String], on f: QueueFixture, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> (Int32?, [String: JSONValue])
    {
        let url = try await TestRedis.url()
        let common = [
            "--queue", f.queue.keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)", "--json",
        ]
        let process = try ScriptRun.paylink(arguments + common, environment: [:], separateErrors: true)
        let exit = try await process.waitForExit(timeout: .seconds(30))
        let text = process.standardOutput
        #expect(
            text.hasSuffix("}\n") && text.dropLast().allSatisfy { $0 != "\n" },
            "one line: \(text) \(process.standardError)", sourceLocation: sourceLocation)
        let document = try #require(try JSONValue.parse(Array(text.utf8)).objectValue, sourceLocation: sourceLocation)
        return (exit, document)
    }

    private func elements(of value: JSONValue?) -> [JSONValue]? {
        if case .array(let elements)? = value { return elements }
        return nil
    }

    private func element(_ orderId: String, batchId: String? = nil) -> [UInt8] {
        let batch = batchId.map { #","batchId":"\#($0)""# } ?? ""
        return Array(
            #"{"orderId":"\#(orderId)","amount":"100","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"\#(batch)}"#
                .utf8)
    }

    @Test func resultGivesTheHashWithCountsAsNumbersAndTimesAsUnixMilliseconds() async throws {
        let f = try await QueueFixture.make("jsonresult")
        defer { f.close() }
        try await f.push("r-1")
        let job = try #require(try await f.claim().first)
        #expect(try await f.queue.acknowledge(job, with: QueueFixture.succeeded("r-1", paymentId: "P-9")))

        let (exit, document) = try await run(["result", "r-1"], on: f)
        #expect(exit == 0)
        #expect(document["found"] == .bool(true))
        #expect(document["orderId"] == .string("r-1"))
        #expect(document["queue"] == .string(f.queue.keys.queue))
        let result = try #require(document["result"]?.objectValue)
        #expect(result["status"] == .string("succeeded"))
        #expect(result["payInfo"] == .string("https://pay.example/P-9"))
        #expect(result["paymentId"] == .string("P-9"))
        #expect(result["attempts"]?.exactInt64 == 1)
        let stored = try await f.result("r-1")
        #expect(result["updatedAt"]?.exactInt64 == Int64(try #require(stored[ResultField.updatedAt])))
        #expect(Set(result.keys) == Set(stored.keys), "every field of the hash, none made up")
    }

    @Test func aMissingResultIsFoundFalseAndExitCodeOne() async throws {
        let f = try await QueueFixture.make("jsonnoresult")
        defer { f.close() }
        let (exit, document) = try await run(["result", "nobody"], on: f)
        #expect(exit == 1)
        #expect(
            document == ["found": .bool(false), "orderId": .string("nobody"), "queue": .string(f.queue.keys.queue)])
    }

    @Test func aFlagAndAnEditedCountKeepTheirMeaning() async throws {
        let f = try await QueueFixture.make("jsonedited")
        defer { f.close() }
        try await f.push("e-1")
        let job = try #require(try await f.claim().first)
        #expect(try await f.queue.acknowledge(job, with: QueueFixture.succeeded("e-1", paymentId: "P-1")))
        _ = try await f.redis.send(
            RedisCommand("HSET", f.queue.keys.result("e-1"), "possibleDuplicate", "1", "attempts", "lots"))

        let (_, document) = try await run(["result", "e-1"], on: f)
        let result = try #require(document["result"]?.objectValue)
        #expect(result["possibleDuplicate"] == .bool(true))
        #expect(result["attempts"] == .string("lots"), "not a number: shown as stored, not hidden or zeroed")
    }

    @Test func batchShowAndListGiveTheFigures() async throws {
        let f = try await QueueFixture.make("jsonbatch")
        defer { f.close() }
        #expect(try await f.queue.registerBatch("b-1", orderIds: ["b-1-a", "b-1-b"]) == 2)
        try await f.queue.enqueue([element("b-1-a", batchId: "b-1"), element("b-1-b", batchId: "b-1")])
        let job = try #require(try await f.claim(1).first)
        #expect(try await f.queue.acknowledge(job, with: QueueFixture.failed("b-1-a")))

        let (exit, document) = try await run(["batch", "show", "b-1"], on: f)
        #expect(exit == 0)
        #expect(document["found"] == .bool(true) && document["batchId"] == .string("b-1"))
        let batch = try #require(document["batch"]?.objectValue)
        #expect(
            batch["total"]?.exactInt64 == 2 && batch["failed"]?.exactInt64 == 1 && batch["succeeded"]?.exactInt64 == 0)
        #expect(batch["pending"]?.exactInt64 == 1 && batch["done"]?.exactInt64 == 1)
        #expect(batch["finished"] == .bool(false) && batch["finishedAt"] == nil)
        #expect((batch["createdAt"]?.exactInt64 ?? 0) > 1_700_000_000_000, "Unix ms")

        let (listExit, list) = try await run(["batch", "list"], on: f)
        #expect(listExit == 0)
        #expect(list["count"]?.exactInt64 == 1)
        let batches = try #require(elements(of: list["batches"]), "\(list)")
        #expect(batches.first?.objectValue?["batchId"] == .string("b-1"))
        #expect(batches.first?.objectValue?["pending"]?.exactInt64 == 1)

        let (missingExit, missing) = try await run(["batch", "show", "b-none"], on: f)
        #expect(missingExit == 1)
        #expect(missing["found"] == .bool(false) && missing["batch"] == nil)
    }

    @Test func deadListGivesEntriesAndTheElementOnlyWhenAsked() async throws {
        let f = try await QueueFixture.make("jsondead")
        defer { f.close() }
        try await f.push("d-1")
        let job = try #require(try await f.claim().first)
        #expect(try await f.queue.acknowledge(job, with: QueueFixture.failed("d-1")))

        let (exit, document) = try await run(["dead", "list"], on: f)
        #expect(exit == 0)
        #expect(document["total"]?.exactInt64 == 1 && document["count"]?.exactInt64 == 1)
        let entries = try #require(elements(of: document["entries"]), "\(document)")
        let entry = try #require(entries.first?.objectValue)
        #expect(entry["id"] == .string("d-1") && entry["orderId"] == .string("d-1"))
        #expect(entry["errorCode"] == .string("10005") && entry["errorMessage"] == .string("invalidOrder: refused"))
        #expect(entry["attempts"]?.exactInt64 == 1 && entry["mayHaveLink"] == .bool(false))
        #expect((entry["deadAt"]?.exactInt64 ?? 0) > 1_700_000_000_000)
        #expect(entry["element"] == nil)

        let (_, withElements) = try await run(["dead", "list", "--elements"], on: f)
        let full = try #require(elements(of: withElements["entries"]), "\(withElements)")
        #expect(full.first?.objectValue?["element"] == .string(String(decoding: element("d-1"), as: UTF8.self)))
    }

    @Test func unknownListGivesEachParkedOrdersResult() async throws {
        let f = try await QueueFixture.make("jsonunknown")
        defer { f.close() }
        try await f.push("u-1")
        try await f.markSent(try await f.claim(lease: .milliseconds(50)))
        try await f.expireLeases(count: 1)
        #expect(try await f.claim(policy: .park).isEmpty)

        let (exit, document) = try await run(["unknown", "list"], on: f)
        #expect(exit == 0)
        #expect(document["count"]?.exactInt64 == 1)
        let orders = try #require(elements(of: document["orders"]), "\(document)")
        let order = try #require(orders.first?.objectValue)
        #expect(order["orderId"] == .string("u-1"))
        let result = try #require(order["result"]?.objectValue)
        #expect(result["status"] == .string("unknown"))
        #expect(result["earlierAttempts"]?.stringValue?.contains("worker lost while sending") == true, "\(result)")
        #expect(result["attempts"]?.exactInt64 == 1)
    }
}
