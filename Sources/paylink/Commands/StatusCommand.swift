import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink status`: queue depths, orders in flight and results by status.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show queue depth, in-flight orders and results by status.")

    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await withShards(redis, logging) { queues in
            for queue in queues { try await show(queue) }
        }
    }

    private func show(_ queue: OrderQueue) async throws {
        let status = try await queue.status()
        print("queue \(queue.keys.queue)")
        print("  pending   \(status.pending)")
        print("  in flight \(status.inflight)")
        print("  retry set \(status.retrying)")
        print("  dead      \(status.dead) (\(status.rejected) with no orderId)")
        print("  duplicate pushes answered from results: \(status.duplicates)")
        print("results")
        for state in OrderStatus.allCases {
            let name = state.rawValue + String(repeating: " ", count: max(0, 9 - state.rawValue.count))
            print("  \(name) \(status.results[state] ?? 0)")
        }
    }
}
