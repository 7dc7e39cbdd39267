public import ArgumentParser
import FoundationEssentials
public import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink enqueue`: validates orders from a JSON Lines or CSV file (or stdin), then pushes them.
struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Validate orders from a JSON Lines or CSV file (or stdin), then push them onto a queue, pipelined.",
        discussion: """
            Every line is checked before anything is pushed; a bad line is reported with its number
            (exit status 2, nothing pushed). Every push is checked too: when Redis refuses one
            (full memory, a read-only replica, an ACL) or stops answering, the command stops, says
            how many orders went in and the line of the first that did not, and exits with status 1.
            With --batch, every order joins the batch (registered before any is pushed), for
            `paylink batch <id>` and `paylink export --batch <id>`.
            """)

    @Argument(help: "File to read; - or nothing reads standard input.")
    var file: String?

    @Option(help: "jsonl or csv (default: from the file name, else jsonl).")
    var format: OrderFileReader.Format?

    @Option(help: "Put every order in this batch (1-64 of A-Z a-z 0-9 . _ : -).")
    var batch: String?

    @Option(name: .customLong("on-invalid"), help: "stop (default: push nothing if any line is bad) or skip (push the good lines).")
    var onInvalid: InvalidLinePolicy = .stop

    @Option(name: .customLong("chunk-size"), help: "Orders per LPUSH (default 1000).")
    var chunkSize: Int = 1000

    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    enum InvalidLinePolicy: String, ExpressibleByArgument, CaseIterable {
        case stop, skip
    }

    func validate() throws {
        guard (1...100_000).contains(chunkSize) else { throw ValidationError("invalid --chunk-size: must be 1-100000") }
        if let batch, let problem = OrderParser.identifierProblem(batch) {
            throw ValidationError("invalid --batch: \(problem)")
        }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "paylink.enqueue")
        _ = try redis.shardCount()
        let data = try readInput()
        let chosen = format ?? (file?.lowercased().hasSuffix(".csv") == true ? .csv : .jsonl)
        let numbered: [OrderFileReader.NumberedElement]
        do {
            numbered = try OrderFileReader.numberedElements(data, format: chosen)
        } catch {
            throw ValidationError("cannot read \(file ?? "stdin") as \(chosen.rawValue): \(error)")
        }
        let plan = await BulkEnqueue.plan(numbered, batchId: batch)
        for problem in plan.problems.prefix(20) { printError("\(file ?? "stdin"): \(problem)") }
        if plan.problems.count > 20 { printError("... and \(plan.problems.count - 20) more bad lines") }
        if !plan.problems.isEmpty && onInvalid == .stop {
            printError("nothing pushed: \(plan.problems.count) bad lines (use --on-invalid skip to push the \(plan.elements.count) good ones)")
            throw ExitCode(2)
        }
        let client = try redis.client(logger: logger)
        defer { client.shutdown() }
        let shards = try await redis.recordedLayout(client: client).shards()
        let progress = ProgressBar(total: plan.elements.count, label: "enqueue")
        let started = ContinuousClock.now
        var pushedBefore = 0
        for (keys, part) in BulkEnqueue.split(plan, over: shards) {
            var enqueuer = BulkEnqueue(queue: OrderQueue(keys: keys, redis: client))
            enqueuer.chunkSize = chunkSize
            do throws(BulkEnqueue.PushFailure) {
                try await enqueuer.push(part, batchId: batch) { progress.update(pushedBefore + $0) }
            } catch {
                progress.finish()
                printError(Self.stopMessage(error, pushedBefore: pushedBefore, total: plan.elements.count, batch: batch))
                throw ExitCode(1)
            }
            pushedBefore += part.elements.count
        }
        progress.finish()
        let keys = shards.shards[0]
        let seconds = (ContinuousClock.now - started).inSeconds
        let skipped = plan.problems.isEmpty ? "" : ", skipped \(plan.problems.count) bad lines"
        let target = shards.shards.count == 1 ? keys.pending : "\(shards.shards.count) shards of \(keys.pending)"
        let rate = Decimals.format(Double(plan.elements.count) / max(seconds, 1e-9), places: 0)
        let batchNote = batch.map { ", batch \($0)" } ?? ""
        print("enqueued \(plan.elements.count) orders on \(target) in \(Decimals.format(seconds, places: 2)) s (\(rate) orders/s)\(skipped)\(batchNote)")
    }

    /// What an operator needs after a push stopped: how many orders went in (never one that did
    /// not), the line of the first that did not, and what to do next.
    static func stopMessage(_ failure: BulkEnqueue.PushFailure, pushedBefore: Int, total: Int, batch: String?) -> String {
        let pushed = pushedBefore + failure.pushed
        var lines = ["enqueue stopped: \(failure)."]
        var counts = "\(pushed) of \(total) orders went in"
        if failure.uncertain > 0 { counts += " for certain, and up to \(failure.uncertain) more may have" }
        if let line = failure.firstLine { counts += "; the first order not pushed is on line \(line)" }
        if failure.pushedAfterFirstRefusal > 0 {
            counts += " (\(failure.pushedAfterFirstRefusal) of those that went in come after it: Redis ran later pushes of the same round trip)"
        }
        lines.append(counts + ".")
        if let batch {
            lines.append("Batch \(batch) counts every order of the file, so it finishes only once the rest are pushed.")
        }
        lines.append(
            "Once Redis accepts writes, run the same command again: the claim answers a second copy of an order that already went in as a duplicate, so it gets no second link.")
        return lines.joined(separator: "\n")
    }

    private func readInput() throws -> [UInt8] {
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read file \(file)")
            }
            return Array(data)
        }
        return StandardInput.readAll()
    }
}

func printError(_ line: String) {
    StandardError.write(line + "\n")
}

extension OrderFileReader.Format: ExpressibleByArgument {}
