import Foundation
import Logging
import PaylinkRedis

/// The same RedisClient workload against whatever the URL names (one redis-server or a cluster):
/// 16 concurrent tasks send 200,000 commands in total, either as pipelines of 10 (5 `INCR` and
/// 5 `HSET` over keys whose hash tags spread across the slots) or as single `INCR`s that the
/// client pipelines by itself. Prints commands/s and the process's CPU per command.
///
/// Usage: `redis-cluster-bench <redis-url> pipeline|send`
@main
enum RedisClusterBench {
    static let taskCount = 16
    static let totalCommands = 200_000
    static let pipelineLength = 10

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, ["pipeline", "send"].contains(arguments[2]) else {
            print("usage: redis-cluster-bench <redis-url> pipeline|send")
            exit(2)
        }
        let url = try RedisURL(arguments[1])
        let pipelined = arguments[2] == "pipeline"
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let client = RedisClient(configuration: RedisConfiguration(url: url, name: "bench"), logger: logger)
        defer { client.shutdown() }
        let run = UUID().uuidString.prefix(8)
        _ = try await client.send(RedisCommand("PING"))  // connect (and, for a cluster, read the map) first

        let perTask = totalCommands / taskCount
        let cpuBefore = cpuSeconds()
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<taskCount {
                    group.addTask {
                        if pipelined {
                            for round in 0..<(perTask / pipelineLength) {
                                var commands: [RedisCommand] = []
                                commands.reserveCapacity(pipelineLength)
                                for index in 0..<(pipelineLength / 2) {
                                    let tag = "{\(run)-\(task)-\((round + index) % 64)}"
                                    commands.append(RedisCommand("INCR", "bench:\(tag):n"))
                                    commands.append(RedisCommand("HSET", "bench:\(tag):h", "f\(index)", round))
                                }
                                let replies = try await client.pipeline(commands)
                                if case .error(let message)? = replies.first(where: { if case .error = $0 { true } else { false } }) {
                                    throw RedisError(code: .commandFailed, message: message)
                                }
                            }
                        } else {
                            for round in 0..<perTask {
                                _ = try await client.send(RedisCommand("INCR", "bench:{\(run)-\(task)-\(round % 64)}:n"))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let cpu = cpuSeconds() - cpuBefore
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(totalCommands) / seconds
        print(String(format: "%@ %@: %.0f commands/s, %.2f µs CPU per command (%.2f s)", arguments[2], url.endpoint, rate,
                     cpu / Double(totalCommands) * 1e6, seconds))
    }

    /// User plus system CPU time of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
