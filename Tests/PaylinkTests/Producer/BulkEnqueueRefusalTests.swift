import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// `paylink enqueue` when Redis refuses pushes: it stops, says exactly how many orders went in
/// and the line of the first that did not, and exits non-zero; a re-run creates no second link.
@Suite(.timeLimit(.minutes(4)))
struct BulkEnqueueRefusalTests {
    @Test func aFullRedisStopsTheEnqueueAndARerunGivesNoOrderASecondLink() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--maxmemory", "2mb", "--maxmemory-policy", "noeviction"])
        defer { server.stop() }
        let redis = try await TestRedis.client(server.url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: "full")
        let queue = OrderQueue(keys: keys, redis: redis)
        let total = 20_000
        let file = try Self.write(TestOrders.valid(total, prefix: "m"))
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = ["enqueue", file.path, "--queue", keys.queue, "--redis-url", "redis://127.0.0.1:\(server.port)/0"]

        let first = try ScriptRun.paylink(arguments, environment: [:])
        let exit = try await first.waitForExit(timeout: .seconds(60))
        let output = first.output
        #expect(exit == 1, "\(output)")
        #expect(!output.contains("enqueued"), "\(output)")
        #expect(output.contains("OOM"), "\(output)")
        let wentIn = try #require(Self.number(in: output, after: "orders went in", total: total), "\(output)")
        let line = try #require(Self.number(in: output, lineAfter: "first order not pushed is on line "), "\(output)")
        #expect(wentIn > 0 && wentIn < total)
        #expect(try await queue.pendingCount() == wentIn, "the list holds exactly what was reported")
        // JSON Lines: order i is on line i + 1; chunks go in whole, and a full Redis refuses every later one.
        #expect(line == wentIn + 1)

        _ = try await redis.send(RedisCommand("CONFIG", "SET", "maxmemory", "0"))
        let again = try ScriptRun.paylink(arguments, environment: [:])
        #expect(try await again.waitForExit(timeout: .seconds(60)) == 0, "\(again.output)")
        #expect(again.output.contains("enqueued \(total) orders"), "\(again.output)")
        #expect(try await queue.pendingCount() == wentIn + total)

        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let worker = try TestWorker.start(redisURL: server.url, mock: mock, configure: {
            $0.concurrency = 256
            $0.claimBatch = 256
        }, keys: keys)
        try await poll(timeout: .seconds(150), "every order settled and every copy taken") {
            let status = try await queue.status()
            return status.results[.succeeded] == total && status.pending == 0 && status.inflight == 0
        }
        #expect(await worker.stop() == nil)
        #expect(try await mock.stat("linksCreated") == total)
        #expect(try await mock.stat("duplicateFingerprints") == 0)
        #expect(try await mock.stat("maxLinksPerFingerprint") == 1)
        let counts = try await redis.send(RedisCommand("HGET", keys.counts, "duplicate"))
        #expect(counts.string.flatMap { Int($0) } == wentIn, "each copy pushed twice was answered as a duplicate")
    }

    @Test func aRefusedPushReportsTheLineOfTheFirstOrderThatDidNotGoIn() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("wrongtype"))
        // Something else owns the key: every LPUSH gets -WRONGTYPE.
        _ = try await redis.send(RedisCommand("SET", keys.pending, "not a list"))
        let file = try Self.write([Array("not json".utf8)] + TestOrders.valid(30))
        defer { try? FileManager.default.removeItem(at: file) }

        let run = try ScriptRun.paylink(
            ["enqueue", file.path, "--on-invalid", "skip", "--chunk-size", "10", "--queue", keys.queue,
             "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"], environment: [:])
        #expect(try await run.waitForExit(timeout: .seconds(30)) == 1, "\(run.output)")
        #expect(run.output.contains("WRONGTYPE"), "\(run.output)")
        #expect(run.output.contains("0 of 30 orders went in; the first order not pushed is on line 2"), "\(run.output)")
        #expect(!run.output.contains("enqueued"), "\(run.output)")
        _ = try await redis.send(RedisCommand("DEL", keys.pending))
    }

    @Test func aRefusedBatchRegistrationPushesNothing() async throws {
        let url = try await TestRedis.url()
        let redis = try await TestRedis.client(url)
        defer { redis.shutdown() }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("batchref"))
        _ = try await redis.send(RedisCommand("SET", keys.batchOrders("sale"), "not a set"))
        let file = try Self.write(TestOrders.valid(20))
        defer { try? FileManager.default.removeItem(at: file) }

        let run = try ScriptRun.paylink(
            ["enqueue", file.path, "--batch", "sale", "--queue", keys.queue,
             "--redis-url", "redis://127.0.0.1:\(url.port)/\(url.database)"], environment: [:])
        #expect(try await run.waitForExit(timeout: .seconds(30)) == 1, "\(run.output)")
        #expect(run.output.contains("batch registration"), "\(run.output)")
        #expect(run.output.contains("no order was pushed"), "\(run.output)")
        #expect(run.output.contains("0 of 20 orders went in"), "\(run.output)")
        #expect(try await OrderQueue(keys: keys, redis: redis).pendingCount() == 0)
        _ = try await redis.send(RedisCommand("DEL", keys.batchOrders("sale")))
    }

    private static func write(_ elements: [[UInt8]]) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orders-\(UUID().uuidString).jsonl")
        var data = Data()
        for element in elements {
            data.append(contentsOf: element)
            data.append(UInt8(ascii: "\n"))
        }
        try data.write(to: file)
        return file
    }

    /// N in "N of <total> orders went in".
    private static func number(in output: String, after phrase: String, total: Int) -> Int? {
        guard let range = output.range(of: " of \(total) \(phrase)") else { return nil }
        return Int(output[..<range.lowerBound].reversed().prefix { $0.isNumber }.reversed().map(String.init).joined())
    }

    /// The digits right after `phrase`.
    private static func number(in output: String, lineAfter phrase: String) -> Int? {
        guard let range = output.range(of: phrase) else { return nil }
        return Int(String(output[range.upperBound...].prefix { $0.isNumber }))
    }
}
