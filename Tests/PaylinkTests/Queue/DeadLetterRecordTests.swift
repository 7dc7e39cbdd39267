import PaylinkRedis
import PaylinkTestSupport
import Testing

@testable import Paylink

/// Dead records an operator (or anything else) edited: read without trapping.
struct DeadLetterRecordTests {
    @Test(arguments: ["1e19", "1e400", "-9223372036854775808", "-1", "9223372036854775808", "1.5", "\"soon\"", "NaN", "null"])
    func hostileNumbersReadAsZeroOrTheirExactValue(value: String) throws {
        let record = #"{"id":"x-1","orderId":"x-1","attempts":"# + value + #","deadAt":"# + value + #","element":"{}"}"#
        guard let letter = DeadLetter(record: Array(record.utf8)) else {
            #expect(value == "NaN", "only invalid JSON is refused: \(record)")
            return
        }
        let exact = Int64(value)
        #expect(letter.deadAt == (exact ?? 0))
        #expect(letter.attempts == exact.flatMap { Int(exactly: $0) } ?? 0)
    }

    @Test func deadListPrintsAnEditedRecord() async throws {
        let url = try await TestRedis.url()
        let f = try await QueueFixture.make("deadedit")
        defer { f.close() }
        let huge = #"{"id":"e-1","orderId":"e-1","errorCode":"x","errorMessage":"y","attempts":1e400,"deadAt":1e19,"element":"{}"}"#
        let negative = #"{"id":"e-2","orderId":"e-2","errorCode":"x","errorMessage":"z","attempts":-9223372036854775808,"deadAt":-5,"element":"{}"}"#
        _ = try await f.redis.send(RedisCommand("HSET", f.queue.keys.deadLetters, "e-1", huge, "e-2", negative))
        _ = try await f.redis.send(RedisCommand("ZADD", f.queue.keys.dead, "1", "e-1", "2", "e-2"))
        let list = try ScriptRun.paylink(
            ["dead", "list", "--queue", f.queue.keys.queue, "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"],
            environment: [:])
        #expect(try await list.waitForExit(timeout: .seconds(30)) == 0, "\(list.output)")
        #expect(list.output.contains("e-1  1970-01-01T00:00:00Z  attempts=0  x: y"), "\(list.output)")
        #expect(list.output.contains("e-2  deadAt=-5  attempts=-9223372036854775808  x: z"), "\(list.output)")
    }
}
