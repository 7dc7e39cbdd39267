import ArgumentParser
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink unknown list|resolve`: orders parked because a call may have created a link.
struct UnknownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unknown", abstract: "Orders parked as unknown (a link may exist) under --ambiguous park.",
        subcommands: [List.self, Resolve.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print parked orders and what happened to them.",
            discussion: """
                With --json, one object on stdout: {"queue", "count", "orders": [...]}, each order \
                {"orderId", "result"} with its result hash as `paylink result --json` gives it (errorMessage, \
                attempts, earlierAttempts, ...).
                """)
        @Flag(help: "Print one JSON object on stdout instead (its keys are described above).") var json = false
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            try await withQueue(redis, logging) { queue in
                let orderIds = try await queue.unknownOrders()
                if json {
                    var orders: [UnknownListOutput.Order] = []
                    for orderId in orderIds {
                        let fields = try await queue.result(orderId: orderId) ?? [:]
                        orders.append(.init(orderId: orderId, result: ResultFieldsOutput(fields: fields)))
                    }
                    return try JSONOutput.print(
                        UnknownListOutput(queue: queue.keys.queue, count: orders.count, orders: orders))
                }
                print("\(orderIds.count) orders parked as unknown in queue \(queue.keys.queue)")
                for orderId in orderIds {
                    let result = try await queue.result(orderId: orderId) ?? [:]
                    let attempts = result[ResultField.attempts] ?? "?"
                    let history = result[ResultField.earlierAttempts].map { "; earlier: \($0)" } ?? ""
                    print("\(orderId)  attempts=\(attempts)  \(result[ResultField.errorMessage] ?? "")\(history)")
                }
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide a parked order: send it again (flagged possibleDuplicate) or fail it.",
            discussion: "Check OTT Pay for a link first: --fail when there is none and the order should end, --retry to create one.")
        @Argument(help: "The order ID.") var orderId: String
        @Flag(help: "Send it again.") var retry = false
        @Flag(help: "End it as failed.") var fail = false
        @Option(help: "Why, recorded on the result.") var message = "no reason given"
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard retry != fail else { throw ValidationError("give exactly one of --retry or --fail") }
        }

        func run() async throws {
            try await withQueue(redis, logging) { queue in
                let resolution: OrderQueue.Resolution = retry ? .retry : .fail
                guard try await queue.resolveUnknown(orderId: orderId, as: resolution, message: message) else {
                    print("\(orderId) is not parked as unknown in queue \(queue.keys.queue)")
                    throw ExitCode(1)
                }
                print("\(orderId): \(retry ? "sent back to the queue" : "marked failed")")
            }
        }
    }
}
