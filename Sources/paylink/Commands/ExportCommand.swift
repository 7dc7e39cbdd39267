import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink export --batch <id> --format csv|jsonl`: every order's result, for handing links on.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write every result of a batch as CSV or JSON Lines (orderId, status, payInfo, paymentId, error).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    static let columns = [
        ResultField.orderId, ResultField.status, ResultField.payInfo, ResultField.paymentId, ResultField.amount,
        ResultField.errorCode, ResultField.errorMessage, ResultField.possibleDuplicate,
    ]

    @Option(help: "The batch ID.") var batch: String
    @Option(help: "csv or jsonl (default csv).") var format: Format = .csv
    @Option(help: "File to write (default: standard output).") var output: String?
    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await withShards(redis, logging) { queues in
            var holding: [OrderQueue] = []
            for queue in queues where try await queue.batch(batch) != nil { holding.append(queue) }
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
            if format == .csv { handle.write(Self.columns.joined(separator: ",") + "\n") }
            var count = 0
            for queue in holding {
            try await queue.forEachResult(inBatch: batch) { page in
                var text = ""
                for fields in page {
                    let values = Self.columns.map { fields[$0] ?? ($0 == ResultField.status ? "pending" : "") }
                    switch format {
                    case .csv: text += values.map(Self.csvField).joined(separator: ",") + "\n"
                    case .jsonl:
                        var writer = JSONWriter()
                        for (name, value) in zip(Self.columns, values) where !value.isEmpty { writer.add(name, value) }
                        text += String(decoding: writer.finish(), as: UTF8.self) + "\n"
                    }
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
        }
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
