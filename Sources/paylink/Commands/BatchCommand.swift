import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink batch <id> [--watch]` and `paylink batch list`.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Show a batch's progress, or list batches.",
        subcommands: [Show.self, List.self], defaultSubcommand: Show.self)

    /// The keys of one batch in `--json` output.
    static let batchKeys = """
        {"batchId", "total", "succeeded", "failed", "invalid", "unknown", "pending", "done", "finished", \
        "createdAt", "finishedAt"}: counts as numbers, times as Unix ms (Redis clock), finishedAt absent \
        while orders are outstanding
        """

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print a batch's figures (the default: paylink batch <id>).",
            discussion: """
                With --json, one object on stdout when done: {"found", "batchId", "queue", "batch"}, "batch" being \
                \(BatchCommand.batchKeys). An unknown batch: {"found": false, ...} and exit code 1.
                """)
        @Argument(help: "The batch ID.") var batchId: String
        @Flag(help: "Follow it with a progress bar, rate and ETA until it finishes.") var watch = false
        @Flag(help: "Print one JSON object on stdout instead (its keys are described above).") var json = false
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            try await withShards(redis, logging) { queues in
                func read() async throws -> BatchStatus? {
                    var parts: [BatchStatus] = []
                    for queue in queues { if let part = try await queue.batch(batchId) { parts.append(part) } }
                    return BatchStatus.combined(parts)
                }
                guard var status = try await read() else {
                    if json {
                        try JSONOutput.print(
                            BatchShowOutput(found: false, batchId: batchId, queue: try redis.queueName(), batch: nil))
                    } else {
                        print("no batch \(batchId) in queue \(queues[0].keys.queue)")
                    }
                    throw ExitCode(1)
                }
                if watch {
                    let progress = ProgressBar(total: status.total, label: batchId)
                    while status.finishedAt == nil {
                        progress.update(status.done)
                        try await Task.sleep(for: .milliseconds(250))
                        status = try await read() ?? status
                    }
                    progress.update(status.done)
                    progress.finish()
                }
                if json {
                    try JSONOutput.print(
                        BatchShowOutput(found: true, batchId: batchId, queue: try redis.queueName(), batch: BatchOutput(status)))
                } else {
                    BatchCommand.show(status)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List batches, newest first.",
            discussion: """
                With --json, one object on stdout: {"queue", "count", "batches": [...]}, each batch \
                \(BatchCommand.batchKeys).
                """)
        @Option(help: "Most batches listed (default 50).") var limit = 50
        @Flag(help: "Print one JSON object on stdout instead (its keys are described above).") var json = false
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            try await withQueue(redis, logging) { queue in
                let batches = try await queue.batches(limit: limit)
                if json {
                    return try JSONOutput.print(
                        BatchListOutput(
                            queue: queue.keys.queue, count: batches.count, batches: batches.map(BatchOutput.init)))
                }
                print("\(batches.count) batches in queue \(queue.keys.queue)")
                for batch in batches {
                    let state = batch.finishedAt == nil ? "open    " : "finished"
                    print("\(batch.batchId)  \(state)  total=\(batch.total) succeeded=\(batch.succeeded) failed=\(batch.failed) invalid=\(batch.invalid) unknown=\(batch.unknown) pending=\(batch.pending)")
                }
            }
        }
    }

    static func show(_ status: BatchStatus) {
        func time(_ millis: Int64?) -> String {
            millis.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } ?? "-"
        }
        print("batch \(status.batchId)")
        print("  total      \(status.total)")
        print("  succeeded  \(status.succeeded)")
        print("  failed     \(status.failed)")
        print("  invalid    \(status.invalid)")
        print("  unknown    \(status.unknown)")
        print("  pending    \(status.pending)")
        print("  created    \(time(status.createdAt))")
        print("  finished   \(time(status.finishedAt))")
    }
}
