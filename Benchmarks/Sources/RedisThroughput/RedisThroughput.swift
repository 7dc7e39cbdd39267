import Foundation
import Logging
import PaylinkRedis

/// Measures auto-pipelined throughput: 64 concurrent tasks send 200,000 `INCR` in total
/// through one ``RedisClient``.
///
/// Usage: `RedisThroughput redis://127.0.0.1:6379`
@main
enum RedisThroughput {
    static let taskCount = 64
    static let totalCommands = 200_000

    static func main() async throws {
        guard CommandLine.arguments.count == 2 else {
            print("usage: RedisThroughput <redis-url>")
            exit(2)
        }
        let url = try RedisURL(CommandLine.arguments[1])
        let client = RedisClient(
            configuration: RedisConfiguration(url: url, name: "throughput"), logger: Logger(label: "throughput"))
        defer { client.shutdown() }
        let key = "throughput:\(UUID().uuidString)"
        _ = try await client.send(RedisCommand("DEL", key))

        let perTask = totalCommands / taskCount
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<taskCount {
                    let count = perTask + (index < totalCommands % taskCount ? 1 : 0)
                    group.addTask {
                        for _ in 0..<count { _ = try await client.send(RedisCommand("INCR", key)) }
                    }
                }
                try await group.waitForAll()
            }
        }
        let final = try await client.send(RedisCommand("GET", key)).int ?? -1
        _ = try await client.send(RedisCommand("DEL", key))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("\(totalCommands) INCR from \(taskCount) tasks in \(String(format: "%.3f", seconds)) s")
        print("\(Int(Double(totalCommands) / seconds)) commands/s (final counter \(final))")
    }
}
