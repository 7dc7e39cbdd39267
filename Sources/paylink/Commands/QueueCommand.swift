import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink queue pause|resume <queue>`: stop or restart claiming for the whole fleet.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Pause or resume a queue for every worker of the fleet; show or change its shards.",
        subcommands: [Pause.self, Resume.self, QueueShardsCommand.self])

    /// The queue named on the command line; with `--shards N`, every shard of it.
    struct Target: ParsableArguments {
        @Argument(help: "The queue's name (every shard of it with --shards).") var name: String
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func run(_ body: ([OrderQueue]) async throws -> Void) async throws {
            if let flag = redis.queue, flag != name {
                throw ValidationError("invalid --queue: \"\(flag)\" differs from the queue argument \"\(name)\"; give one")
            }
            var options = redis
            options.queue = name
            try await withShards(options, logging, body)
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop every worker from taking orders from the queue; orders in flight finish. Lasts until `paylink queue resume`.")
        @OptionGroup var target: Target
        @Option(help: "Why, shown by `paylink status` and in the workers' logs.") var reason = ""

        func run() async throws {
            let by = QueueCommand.operatorName()
            try await target.run { queues in
                for queue in queues {
                    let fresh = try await queue.pause(reason: reason, by: by)
                    print(fresh ? "paused \(queue.keys.queue)" : "\(queue.keys.queue) was already paused; reason updated")
                }
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let workers take orders from the queue again (within about a second).")
        @OptionGroup var target: Target

        func run() async throws {
            try await target.run { queues in
                for queue in queues {
                    if let pause = try await queue.resume() {
                        print("resumed \(queue.keys.queue) (paused \(StatusCommand.since(pause)))")
                    } else {
                        print("\(queue.keys.queue) was not paused; nothing changed")
                    }
                }
            }
        }
    }

    /// `user@host` of whoever runs the command, or `cli` when the user is unknown.
    static func operatorName() -> String {
        guard let user = Environment.value("USER") ?? Environment.value("LOGNAME"), !user.isEmpty else { return "cli" }
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}
