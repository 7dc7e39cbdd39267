import ArgumentParser

/// Load driver for the end-to-end benchmark (`Benchmarks/run-e2e.sh`): fills queues, waits for
/// results, trickles orders at a fixed rate for latency, and measures the API stand-in.
@main
struct PaylinkLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paylink-load",
        subcommands: [FillCommand.self, DrainCommand.self, TrickleCommand.self, HTTPLoadCommand.self, TokenLoadCommand.self, LimitCommand.self])
}

/// Options shared by the Redis-facing commands.
struct QueueOptions: ParsableArguments {
    @Option(name: .customLong("redis-url")) var redisURL: String
    @Option var queue = "bench"
}
