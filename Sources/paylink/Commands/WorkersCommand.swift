import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink workers [--json]`: the live worker processes of the fleet, from their heartbeats.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "List the live worker processes (from their heartbeats; a process gone for 3 beats is not shown).")

    @Flag(help: "Print JSON (one object: time, workers) instead of a table.") var json = false
    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let client = try redis.client(logger: try logging.makeLogger(label: "paylink.cli"))
        defer { client.shutdown() }
        let (now, workers) = try await LiveWorker.all(client)
        let rows = workers.map { WorkerOutput($0, now: now) }
        if json {
            print(try JSONLine.text(WorkersOutput(time: now, workers: rows)))
        } else {
            Self.table(rows).forEach { print($0) }
        }
    }

    /// The table `workers` prints, also shown by `status`.
    static func table(_ rows: [WorkerOutput]) -> [String] {
        guard !rows.isEmpty else { return ["no live workers"] }
        let header = ["id", "queues", "concurrency", "in flight", "done", "started", "last beat"]
        let cells = rows.map { row in
            [
                row.id, row.queues.joined(separator: ","), row.concurrency.map(String.init) ?? "-", row.inFlight.map(String.init) ?? "-",
                row.ordersDone.map(String.init) ?? "-", time(row.startedAt), Decimals.format(Double(row.lastBeatAgeMs) / 1000, places: 1) + "s ago",
            ]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ values: [String]) -> String {
            values.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }
                .joined(separator: "  ").trimmingWhitespaceAtEnd()
        }
        return [line(header)] + cells.map(line)
    }

    /// ISO 8601, UTC, to the second.
    static func time(_ millis: Int64?) -> String {
        millis.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } ?? "-"
    }
}

private extension String {
    func trimmingWhitespaceAtEnd() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
