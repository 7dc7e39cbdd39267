import ArgumentParser
import Foundation
import Logging
import Paylink
import PaylinkRedis

/// Runs tasks against the fleet rate limiter for a while and records grants per second of the
/// Redis clock. Start one per stand-in process (same --merchant), then `limit --report`.
struct LimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "limit")
    @OptionGroup var options: QueueOptions
    @Option var merchant = "bench"
    @Option var rate = 200.0
    @Option var burst = 20
    @Option(name: .customLong("max-in-flight")) var maxInFlight: Int?
    @Option var tasks = 16
    @Option var seconds = 10
    @Option(name: .customLong("hold-ms"), help: "How long each task holds its permit (a stand-in API call).")
    var holdMs = 0
    @Flag(help: "Print the per-second totals recorded by earlier runs, then clear them.") var report = false

    func run() async throws {
        let (client, _) = try options.client()
        defer { client.shutdown() }
        let countsKey = "paylink-load:{merchant:\(merchant)}:persecond"
        if report { return try await printReport(client, countsKey) }
        let limiter = try FleetRateLimiter(
            redis: client, merchant: merchant,
            configuration: RateLimitConfiguration(requestsPerSecond: rate, burst: burst, maxInFlight: maxInFlight),
            logger: Logger(label: "limit"))
        let counts = SecondCounts()
        let stop = ContinuousClock.now + .seconds(seconds)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    while ContinuousClock.now < stop {
                        guard let permit = try? await limiter.acquire() else { continue }
                        counts.add(second: permit.slot / 1_000_000)
                        if holdMs > 0 { try? await Task.sleep(for: .milliseconds(holdMs)) }
                        await limiter.release(permit)
                    }
                }
            }
        }
        let snapshot = counts.snapshot
        _ = try await client.pipeline(snapshot.map { RedisCommand("HINCRBY", countsKey, Int($0.key), $0.value) })
        print("limit: \(snapshot.values.reduce(0, +)) grants in \(seconds) s from \(tasks) tasks")
    }

    private func printReport(_ client: RedisClient, _ key: String) async throws {
        let flat = try await client.send(RedisCommand("HGETALL", key)).array ?? []
        var perSecond: [(Int, Int)] = []
        var index = 0
        while index + 1 < flat.count {
            if let second = flat[index].int, let count = flat[index + 1].int {
                perSecond.append((Int(second), Int(count)))
            }
            index += 2
        }
        perSecond.sort { $0.0 < $1.0 }
        _ = try await client.send(RedisCommand("DEL", key))
        // The first and last seconds are partial: judge the full ones.
        let full = perSecond.count > 2 ? Array(perSecond.dropFirst().dropLast()) : perSecond
        let counts = full.map(\.1)
        let average = counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count)
        print("per second: " + perSecond.map { "\($0.1)" }.joined(separator: " "))
        print(
            String(
                format: "full seconds: %d, max %d, min %d, average %.1f/s", counts.count, counts.max() ?? 0,
                counts.min() ?? 0, average))
    }
}

/// Grants per Redis-clock second. Locking: `lock` guards `counts`.
final class SecondCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int64: Int] = [:]

    func add(second: Int64) { lock.withLock { counts[second, default: 0] += 1 } }
    var snapshot: [Int64: Int] { lock.withLock { counts } }
}
