import ArgumentParser
import Foundation
import Paylink
import PaylinkRedis

/// Waits until N orders have outcomes and reports the rate, from this command's start and from
/// the results' own timestamps (first createdAt to last updatedAt).
struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drain")
    @OptionGroup var options: QueueOptions
    @Option var orders: Int
    @Option var timeout: Double = 300

    func run() async throws {
        let (client, queue) = try options.client()
        defer { client.shutdown() }
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(timeout * 1000))
        var done = 0
        while done < orders {
            guard ContinuousClock.now < deadline else { throw ValidationError("drain: only \(done) of \(orders) finished in \(timeout) s") }
            try await Task.sleep(for: .milliseconds(5))
            done = try await Load.finished(queue)
        }
        let wall = Load.seconds(ContinuousClock.now - start)
        var first = Int64.max
        var last = Int64.min
        for chunk in stride(from: 0, to: orders, by: 5000) {
            let commands = (chunk..<min(chunk + 5000, orders)).map {
                RedisCommand("HMGET", queue.keys.result("b-\($0)"), ResultField.createdAt, ResultField.updatedAt)
            }
            for reply in try await client.pipeline(commands) {
                let values = reply.array ?? []
                if values.count == 2, let created = values[0].int, let updated = values[1].int {
                    first = min(first, created)
                    last = max(last, updated)
                }
            }
        }
        let status = try await queue.status()
        let span = Double(last - first) / 1000
        print(String(format: "drain: %d orders in %.2f s wall (%.0f orders/s); results span %.2f s (%.0f orders/s)", orders, wall, Double(orders) / wall, span, Double(orders) / max(span, 0.001)))
        print("drain: statuses \(status.results.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: " ")) rejected=\(status.rejected)")
    }
}
