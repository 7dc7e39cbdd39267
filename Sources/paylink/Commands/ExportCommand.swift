import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink export --batch <id> --format csv|jsonl`: every order's result, for handing links on.
///
/// Whoever hands links on from an export must see which orders may have more than one link
/// (`possibleDuplicate`, `otherPaymentIds`, `earlierAttempts`), and must never take an order
/// whose result is gone for one still waiting: such an order says `no-result`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every result of a batch as CSV or JSON Lines (orderId, status, payInfo, paymentId, error, duplicate flags).",
        discussion: """
            status is the result's status, or no-result when the order has no result hash: not taken by
            a worker yet, or its final result was deleted by retention (--result-retention-days,
            --result-max). Do not push a no-result order again before checking it: if the batch is
            finished, it had a final result, and a link may exist (reconcile by the orderId inside its
            callbackURL at OTT Pay). Orders with possibleDuplicate=1 may have more links than paymentId:
            otherPaymentIds lists those known, earlierAttempts the attempts whose outcome is unknown.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl

        var export: BatchExport.Format { self == .csv ? .csv : .jsonl }
    }

    static let noResult = BatchExport.noResult

    @Option(help: "The batch ID.") var batch: String
    @Option(help: "csv or jsonl (default csv).") var format: Format = .csv
    @Option(help: "File to write (default: standard output).") var output: String?
    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await withShards(redis, logging) { queues in
            var holding: [OrderQueue] = []
            var figures: [BatchStatus] = []
            for queue in queues {
                guard let status = try await queue.batch(batch) else { continue }
                holding.append(queue)
                figures.append(status)
            }
            guard !holding.isEmpty else {
                printError("no batch \(batch) in queue \(queues[0].keys.queue)")
                throw ExitCode(1)
            }
            let handle: OutputFile
            do {
                handle = try OutputFile(path: output)
            } catch {
                throw ValidationError("invalid --output: \(error)")
            }
            handle.write(BatchExport.header(format.export))
            var count = 0
            var withoutResult = 0
            for queue in holding {
            try await queue.forEachResult(inBatch: batch) { page in
                var text = ""
                for fields in page {
                    if fields[ResultField.status] == nil { withoutResult += 1 }
                    text += BatchExport.line(fields, format: format.export)
                }
                count += page.count
                handle.write(text)
            }
            }
            do {
                try handle.finish()
            } catch {
                printError("export of batch \(batch) failed: \(error)")
                throw ExitCode(1)
            }
            if output != nil {
                printError("exported \(count) orders of batch \(batch) to \(output ?? "")")
            }
            if withoutResult > 0 {
                let finished = BatchStatus.combined(figures)?.finishedAt != nil
                let why =
                    finished
                    ? "the batch finished, so their results were deleted by retention: a link may exist; do not push them again unchecked"
                    : "not taken by a worker yet, or deleted by retention after they finished"
                printError("\(withoutResult) orders have no result (status \(Self.noResult)): \(why)")
            }
        }
    }
}
