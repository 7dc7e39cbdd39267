import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// The fleet commands (`worker`, `workers`, `status`, `queue`) run as real `paylink` processes
/// against the test Redis, on a queue of their own.
struct FleetRun {
    let redisURL: String
    let queue: String

    init(_ label: String, url: RedisURL, queue: String? = nil) {
        redisURL = "redis://127.0.0.1:\(url.port)/\(url.database)"
        self.queue = queue ?? TestRedis.uniqueQueue(label)
    }

    var common: [String] { ["--queue", queue, "--redis-url", redisURL] }

    /// A worker process on the queue, calling `mock`.
    func worker(_ mock: TestMockAPI, _ extra: [String] = []) throws -> ScriptRun {
        try ScriptRun.paylink(
            ["worker", "--api-base-url", mock.baseURL] + common + extra,
            environment: ["PAYLINK_APP_ID": TestMockAPI.appId, "PAYLINK_APP_KEY": TestMockAPI.appKey])
    }

    /// Runs a command to its end and expects it to succeed.
    /// - Returns: its output (stdout and stderr; logs only at error level).
    @discardableResult
    func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let process = try ScriptRun.paylink(arguments + common + ["--log-level", "error"], environment: [:])
        let exit = try await process.waitForExit(timeout: .seconds(30))
        #expect(exit == 0, "\(arguments): \(process.output)", sourceLocation: sourceLocation)
        return process.output
    }

    /// The JSON lines of a command's output, decoded.
    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) async throws -> [T] {
        let output = try await run(arguments)
        return try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map {
            try JSONDecoder().decode(T.self, from: Data($0.utf8))
        }
    }

    /// The live workers serving this queue, from `paylink workers --json`.
    func liveWorkers() async throws -> [FleetWorker] {
        try await json(FleetWorkers.self, ["workers", "--json"]).first?.workers.filter { $0.queues.contains(queue) } ?? []
    }
}

/// `paylink workers --json`, as a consumer reads it.
struct FleetWorkers: Decodable {
    var time: Int64
    var workers: [FleetWorker]
}

struct FleetWorker: Decodable {
    var id: String
    var host: String
    var pid: Int
    var version: String
    var queues: [String]
    var concurrency: Int
    var inFlight: Int
    var ordersDone: Int
    var startedAt: Int64
    var lastBeat: Int64
    var lastBeatAgeMs: Int64
}

/// `paylink status --json`, as a consumer reads it.
struct FleetStatus: Decodable {
    struct Queue: Decodable {
        struct Pause: Decodable {
            var reason: String
            var by: String
            var since: Int64
        }
        var queue: String
        var pending: Int
        var inFlight: Int
        var retrying: Int
        var dead: Int
        var rejected: Int
        var duplicates: Int
        var results: [String: Int]
        var paused: Pause?
        var lastMinute: Minute
        var thisMinute: Minute
    }
    struct Minute: Decodable {
        var start: Int64
        var succeeded: Int
        var failed: Int
        var invalid: Int
        var unknown: Int
        var rejected: Int
    }
    var time: Int64
    var queues: [Queue]
    var workers: [FleetWorker]
}
