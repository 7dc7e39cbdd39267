import Foundation
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

struct RedisClientTests {
    @Test func binarySafeRoundTripIncludingNUL() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let key = uniqueKey()
        let payload = (0...255).map { UInt8($0) } + [0, 0]
        #expect(try await client.send(RedisCommand("SET", key, payload)) == .status("OK"))
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(payload))
        let binaryKey = Array(key.utf8) + [0, 1, 0]
        _ = try await client.send(RedisCommand("SET", binaryKey, "x"))
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(payload))
        #expect(try await client.send(RedisCommand("DEL", key, binaryKey)) == .integer(2))
    }

    @Test func decodesTypedReplies() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let key = uniqueKey()
        #expect(try await client.send(RedisCommand("INCRBY", "\(key):n", 5)) == .integer(5))
        #expect(try await client.send(RedisCommand("GET", "\(key):missing")) == .null)
        _ = try await client.send(RedisCommand("RPUSH", "\(key):l", "a", "b"))
        let range = try await client.send(RedisCommand("LRANGE", "\(key):l", 0, -1))
        #expect(range == .array([.bulk(Array("a".utf8)), .bulk(Array("b".utf8))]))
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        #expect(try await client.send(RedisCommand("GET", "\(key):n")).int == 5)
    }

    @Test func errorReplyThrowsCommandFailedWithoutArguments() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let error = await redisError { () async throws(RedisError) in
            try await client.send(RedisCommand("SET", uniqueKey(), "very-secret-value", "NOSUCHOPTION"))
        }
        #expect(error?.code == .commandFailed)
        #expect(error?.command == "SET")
        #expect(error?.message.hasPrefix("ERR") == true)
        #expect(error?.description.contains("very-secret-value") == false)
        #expect(error?.mayHaveExecuted == false)
    }

    @Test func pipelineReturnsErrorsAsElements() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let key = uniqueKey()
        let replies = try await client.pipeline([
            RedisCommand("SET", key, "text"),
            RedisCommand("INCR", key),
            RedisCommand("GET", key),
            RedisCommand("DEL", key),
        ])
        #expect(replies.count == 4)
        #expect(replies[0] == .status("OK"))
        guard case .error(let message) = replies[1] else {
            Issue.record("expected an error element, got \(replies[1])")
            return
        }
        #expect(message.contains("not an integer"))
        #expect(replies[2].string == "text")
        #expect(replies[3] == .integer(1))
        #expect(try await client.pipeline([]) == [])
    }

    @Test func checkedPipelineThrowsTheFirstRefusalAndNamesEveryRefusedPosition() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let key = uniqueKey()
        _ = try await client.send(RedisCommand("SET", "\(key):s", "text"))
        let error = await redisError { () async throws(RedisError) in
            _ = try await client.checkedPipeline([
                RedisCommand("LPUSH", "\(key):l", "a"),
                RedisCommand("LPUSH", "\(key):s", "b"),
                RedisCommand("LPUSH", "\(key):l", "c"),
                RedisCommand("INCR", "\(key):s"),
            ])
        }
        #expect(error?.code == .commandFailed)
        #expect(error?.command == "LPUSH")
        #expect(error?.message.hasPrefix("WRONGTYPE") == true, "\(String(describing: error))")
        #expect(error?.refusedCommands == [1, 3])
        // Redis ran the commands after the refused one: the error says which took effect.
        #expect(try await client.send(RedisCommand("LLEN", "\(key):l")) == .integer(2))
        let accepted = try await client.checkedPipeline([RedisCommand("DEL", "\(key):l", "\(key):s")])
        #expect(accepted == [.integer(2)])
    }

    @Test func pipelineOfAThousandCommands() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let key = uniqueKey()
        let commands = (0..<1000).map { RedisCommand("RPUSH", key, $0) } + [RedisCommand("LRANGE", key, 0, -1)]
        let replies = try await client.pipeline(commands)
        #expect(replies.count == 1001)
        #expect(replies[999] == .integer(1000))
        #expect(replies[1000].array?.map(\.int) == (0..<1000).map { Int64($0) })
        _ = try await client.send(RedisCommand("DEL", key))
    }

    @Test func concurrentCallersEachGetTheirOwnReply() async throws {
        let client = try await makeSharedClient()
        defer { client.shutdown() }
        let key = uniqueKey()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<200 {
                group.addTask {
                    let value = "value-\(caller)-" + String(repeating: "x", count: caller)
                    _ = try await client.send(RedisCommand("SET", "\(key):\(caller)", value))
                    let reply = try await client.send(RedisCommand("GET", "\(key):\(caller)"))
                    #expect(reply.string == value)
                    let echoed = try await client.pipeline([
                        RedisCommand("ECHO", caller), RedisCommand("ECHO", -caller),
                    ])
                    #expect(echoed.map(\.int) == [Int64(caller), Int64(-caller)])
                }
            }
            try await group.waitForAll()
        }
        let keys = (0..<200).map { "\(key):\($0)" as any RedisArgumentConvertible }
        #expect(try await client.send(RedisCommand("DEL", arguments: keys)) == .integer(200))
    }

    @Test func selectedDatabasesAreIsolated() async throws {
        var url = try await TestRedis.url()
        url.database = 14
        let first = makeClient(url)
        url.database = 15
        let second = makeClient(url)
        defer {
            first.shutdown()
            second.shutdown()
        }
        let key = uniqueKey()
        _ = try await first.send(RedisCommand("SET", key, "fourteen"))
        _ = try await second.send(RedisCommand("SET", key, "fifteen"))
        #expect(try await first.send(RedisCommand("GET", key)).string == "fourteen")
        #expect(try await second.send(RedisCommand("GET", key)).string == "fifteen")
        _ = try await first.send(RedisCommand("DEL", key))
        _ = try await second.send(RedisCommand("DEL", key))
    }

    @Test(.timeLimit(.minutes(1)))
    func blockingPopOutlivingTheCommandTimeoutReturnsNull() async throws {
        let client = try await makeSharedClient(commandTimeout: .milliseconds(300))
        defer { client.shutdown() }
        let key = uniqueKey()
        let started = ContinuousClock.now
        let reply = try await client.send(RedisCommand("BLPOP", key, 1), blockingFor: .seconds(1))
        #expect(reply == .null)
        #expect(ContinuousClock.now - started >= .milliseconds(900))
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        _ = try await client.send(RedisCommand("RPUSH", key, "item"))
        let popped = try await client.send(RedisCommand("BLPOP", key, 1), blockingFor: .seconds(1))
        #expect(popped.array?.last?.string == "item")
    }

    @Test func shutdownFailsQueuedWorkWithClosed() async throws {
        // Nothing listens on the port, so commands stay queued waiting for a connection.
        let server = try await LocalRedisServer.start()
        let url = server.url
        server.stop()
        let client = makeClient(url, commandTimeout: .seconds(30))
        let tasks = (0..<3).map { _ in
            Task { await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) } }
        }
        #expect(await eventually { client.queuedRequestCount == 3 })
        client.shutdown()
        client.shutdown()
        for task in tasks {
            let error = await task.value
            #expect(error?.code == .closed)
            #expect(error?.mayHaveExecuted == false)
        }
        let late = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
        #expect(late?.code == .closed)
    }

    @Test func aQueueClosedWithAReasonRefusesWithThatReason() async {
        let queue = RedisRequestQueue()
        queue.close(because: "the client's thread could not start (test)")
        queue.close()  // The first reason stays.
        let request = RedisRequest(commands: [RedisCommand("PING")], isPipeline: false, blockingTimeout: nil, deadline: .now + .seconds(1))
        let result = await withCheckedContinuation { queue.enqueue(request, continuation: $0) }
        guard case .failure(let error) = result else {
            Issue.record("a closed queue took a request")
            return
        }
        #expect(error.code == .closed)
        #expect(error.message == "the client's thread could not start (test)")
    }

    @Test func cancelledBeforeWriteFailsWithCancelled() async throws {
        let server = try await LocalRedisServer.start()
        let url = server.url
        server.stop()
        let client = makeClient(url, commandTimeout: .seconds(30))
        defer { client.shutdown() }
        let task = Task {
            await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
        }
        #expect(await eventually { client.queuedRequestCount == 1 })
        task.cancel()
        let error = await task.value
        #expect(error?.code == .cancelled)
        #expect(error?.command == "PING")
        #expect(await eventually { client.queuedRequestCount == 0 })
    }

    @Test func unreachableServerFailsAfterCommandTimeoutAsNotExecuted() async throws {
        let server = try await LocalRedisServer.start()
        let url = server.url
        server.stop()
        let client = makeClient(url, commandTimeout: .milliseconds(300))
        defer { client.shutdown() }
        let started = ContinuousClock.now
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("GET", "k")) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.command == "GET")
        #expect(error?.mayHaveExecuted == false)
        #expect(ContinuousClock.now - started >= .milliseconds(250))
    }
}

extension RedisClientTests {
    @Test func runsOnANamedThread() async throws {
        let client = makeClient(try await TestRedis.url(), name: "thrnm")
        defer { client.shutdown() }
        _ = try await client.send(RedisCommand("PING"))
        let names = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap {
            try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8)
        }
        #expect(names.contains { $0.hasPrefix("paylink-thrnm") }, "\(names)")
    }
}
