import ArgumentParser
import Foundation
import Paylink
import PaylinkRedis

/// Pushes orders one at a time at a fixed rate, each stamped with its enqueue time, then reports
/// the enqueue-to-stored-result latency (result `updatedAt`, Redis clock, ms resolution).
struct TrickleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trickle")
    @OptionGroup var options: QueueOptions
    @Option var rate = 100
    @Option var seconds = 20

    func run() async throws {
        let (client, queue) = try options.client()
        defer { client.shutdown() }
        _ = try await client.send(RedisCommand("FLUSHDB"))
        let total = rate * seconds
        var enqueuedAt: [Int64] = []
        let start = ContinuousClock.now
        for index in 0..<total {
            try await Task.sleep(until: start + .microseconds(Int64(index) * 1_000_000 / Int64(rate)))
            let stamp = Load.wallMicros()
            enqueuedAt.append(stamp)
            try await queue.enqueue([Load.order(index)])
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while try await Load.finished(queue) < total, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let replies = try await client.pipeline((0..<total).map { RedisCommand("HGET", queue.keys.result("b-\($0)"), ResultField.updatedAt) })
        var latencies: [Double] = []
        for (index, reply) in replies.enumerated() {
            guard let updated = reply.int else { continue }
            latencies.append(Double(updated * 1000 - enqueuedAt[index]) / 1000)
        }
        latencies.sort()
        print(String(format: "trickle: %d orders at %d/s; latency enqueue->stored result ms: p50 %.1f p90 %.1f p99 %.1f max %.1f (results ms-truncated: true latency up to 1 ms more)",
                     latencies.count, rate, Load.percentile(latencies, 0.5), Load.percentile(latencies, 0.9), Load.percentile(latencies, 0.99), latencies.last ?? .nan))
    }
}
