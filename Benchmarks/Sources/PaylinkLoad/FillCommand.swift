import ArgumentParser
import Paylink
import PaylinkRedis

/// Empties the queue's keys, then pushes N orders (pipelined, 1,000 per LPUSH).
struct FillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fill")
    @OptionGroup var options: QueueOptions
    @Option var orders: Int

    func run() async throws {
        let (client, queue) = try options.client()
        defer { client.shutdown() }
        _ = try await client.send(RedisCommand("FLUSHDB"))
        let start = ContinuousClock.now
        for chunk in stride(from: 0, to: orders, by: 1000) {
            try await queue.enqueue((chunk..<min(chunk + 1000, orders)).map { Load.order($0) })
        }
        let seconds = Load.seconds(ContinuousClock.now - start)
        print("fill: \(orders) orders in \(String(format: "%.2f", seconds)) s (\(Int(Double(orders) / seconds)) orders/s)")
    }
}
