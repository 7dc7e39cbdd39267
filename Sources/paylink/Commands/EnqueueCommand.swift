public import ArgumentParser
import Foundation
public import Paylink
import PaylinkRedis

/// `paylink enqueue`: pushes orders from a JSON Lines or CSV file (or stdin) onto a queue.
struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue", abstract: "Push orders from a JSON Lines or CSV file (or stdin) onto a queue, pipelined.")

    @Argument(help: "File to read; - or nothing reads standard input.")
    var file: String?

    @Option(help: "jsonl or csv (default: from the file name, else jsonl).")
    var format: OrderFileReader.Format?

    @Option(name: .customLong("chunk-size"), help: "Orders per LPUSH (default 1000).")
    var chunkSize: Int = 1000

    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...100_000).contains(chunkSize) else { throw ValidationError("invalid --chunk-size: must be 1-100000") }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "paylink.enqueue")
        let keys = try redis.keys()
        let text = try readInput()
        let chosen = format ?? (file?.lowercased().hasSuffix(".csv") == true ? .csv : .jsonl)
        let elements: [[UInt8]]
        do {
            elements = try OrderFileReader.elements(text, format: chosen)
        } catch {
            throw ValidationError("cannot read \(file ?? "stdin") as \(chosen.rawValue): \(error)")
        }
        let client = try redis.client(logger: logger)
        defer { client.shutdown() }
        let queue = OrderQueue(keys: keys, redis: client)
        let progress = ProgressBar(total: elements.count, label: "enqueue")
        var pushed = 0
        for start in stride(from: 0, to: elements.count, by: chunkSize) {
            let chunk = Array(elements[start..<min(start + chunkSize, elements.count)])
            try await queue.enqueue(chunk)
            pushed += chunk.count
            progress.update(pushed)
        }
        progress.finish()
        print("enqueued \(pushed) orders on \(keys.pending)")
    }

    private func readInput() throws -> String {
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read file \(file)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}

extension OrderFileReader.Format: ExpressibleByArgument {}
