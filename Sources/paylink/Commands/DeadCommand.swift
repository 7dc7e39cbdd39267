import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink dead list|retry|purge`: the dead list of orders that failed for good.
struct DeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead", abstract: "Inspect, retry or purge the dead list.",
        subcommands: [List.self, Retry.self, Purge.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print dead entries, oldest first.",
            discussion: """
                With --json, one object on stdout: {"queue", "total", "count", "entries": [...]}; "total" is the \
                whole dead list, "count" the entries printed. Each entry: {"id", "orderId", "errorCode", \
                "errorMessage", "attempts", "deadAt", "mayHaveLink", "element"}, deadAt in Unix ms (Redis clock), \
                orderId absent for an element with none (id is then job:<jobId>), element only with --elements.
                """)
        @Option(help: "Most entries printed (default 100).") var limit = 100
        @Flag(help: "Print each entry's element too.") var elements = false
        @Flag(help: "Print one JSON object on stdout instead (its keys are described above).") var json = false
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            try await withQueue(redis, logging) { queue in
                let entries = try await queue.deadLetters(limit: limit)
                let total = try await queue.status().dead
                if json {
                    let printed = entries.map { DeadEntryOutput($0, withElement: elements) }
                    return try JSONOutput.print(
                        DeadListOutput(queue: queue.keys.queue, total: total, count: printed.count, entries: printed))
                }
                print("\(total) dead entries in queue \(queue.keys.queue)")
                for entry in entries {
                    // An edited record may hold any time: only years 1970-9999 are shown as dates.
                    let when =
                        (0...253_402_300_799_999).contains(entry.deadAt)
                        ? Date(timeIntervalSince1970: Double(entry.deadAt) / 1000).formatted(.iso8601) : "deadAt=\(entry.deadAt)"
                    let flag = entry.mayHaveLink ? "  MAY HAVE A LINK (a retry is flagged possibleDuplicate)" : ""
                    print("\(entry.id)  \(when)  attempts=\(entry.attempts)  \(entry.errorCode): \(entry.errorMessage)\(flag)")
                    if elements { print("    \(entry.element)") }
                }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send dead entries through the queue again.")
        @Flag(help: "Every dead entry.") var all = false
        @Argument(help: "Entry IDs: orderIds, or job:<id> for elements with no orderId.") var ids: [String] = []
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard all != !ids.isEmpty else { throw ValidationError("give either --all or entry IDs, not both or neither") }
        }

        func run() async throws {
            try await withQueue(redis, logging) { queue in
                let count = all ? try await queue.retryAllDead() : try await queue.retryDead(ids)
                print("\(count) entries sent back to queue \(queue.keys.queue)")
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete dead entries for good.")
        @Option(name: .customLong("older-than"), help: "Only entries older than this: 90s, 30m, 12h, 7d.") var olderThan: String?
        @Flag(help: "Every entry.") var all = false
        @Argument(help: "Entry IDs to delete: orderIds, or job:<id> for elements with no orderId.") var ids: [String] = []
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard [all, olderThan != nil, !ids.isEmpty].filter({ $0 }).count == 1 else {
                throw ValidationError("give one of --all, --older-than or entry IDs")
            }
            if let olderThan, AgeParser.parse(olderThan) == nil {
                throw ValidationError(
                    "invalid --older-than: \"\(olderThan)\" is not a number followed by s, m, h or d, at most 100 years (36500d)")
            }
        }

        func run() async throws {
            try await withQueue(redis, logging) { queue in
                let count = ids.isEmpty ? try await queue.purgeDead(olderThan: olderThan.flatMap(AgeParser.parse)) : try await queue.purgeDead(ids)
                print("\(count) dead entries deleted from queue \(queue.keys.queue)")
            }
        }
    }
}

/// Runs `body` with the queue named by the options, and closes the client after.
func withQueue(_ redis: RedisOptions, _ logging: LoggingOptions, _ body: (OrderQueue) async throws -> Void) async throws {
    let logger = try logging.makeLogger(label: "paylink.cli")
    let client = try redis.client(logger: logger)
    defer { client.shutdown() }
    guard try redis.shardCount() == 1 else {
        throw ValidationError("this command works on one shard: pass --queue <queue>:<shard> without --shards")
    }
    try await body(OrderQueue(keys: try redis.keys(), redis: client))
}

/// Runs `body` with every shard of the queue named by the options (one for an unsharded queue).
func withShards(_ redis: RedisOptions, _ logging: LoggingOptions, _ body: ([OrderQueue]) async throws -> Void) async throws {
    let logger = try logging.makeLogger(label: "paylink.cli")
    let client = try redis.client(logger: logger)
    defer { client.shutdown() }
    try await body(try await redis.shardKeys(client: client).shards.map { OrderQueue(keys: $0, redis: client) })
}

/// Reads ages such as `90s`, `30m`, `12h`, `7d`, up to ``longestSeconds``.
enum AgeParser {
    /// 100 years: older than anything a queue keeps, and far inside Int64 milliseconds.
    static let longestSeconds: Double = 36_500 * 86_400

    /// - Returns: the age, or nil when unreadable, negative or beyond ``longestSeconds``.
    static func parse(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Double(text.dropLast()), value.isFinite, value >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = value
        case "m": seconds = value * 60
        case "h": seconds = value * 3600
        case "d": seconds = value * 86_400
        default: return nil
        }
        guard seconds <= longestSeconds, let milliseconds = Int64(exactly: (seconds * 1000).rounded(.down)) else { return nil }
        return .milliseconds(milliseconds)
    }
}
