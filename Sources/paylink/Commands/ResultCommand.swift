import ArgumentParser
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink result <orderId>`: prints one order's result hash.
struct ResultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "result", abstract: "Print an order's result.")

    @Argument(help: "The order ID.")
    var orderId: String

    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.makeLogger(label: "paylink.result")
        let client = try redis.client(logger: logger)
        defer { client.shutdown() }
        let queue = OrderQueue(keys: try redis.shardKeys().keys(for: orderId), redis: client)
        guard let fields = try await queue.result(orderId: orderId) else {
            print("no result for \(orderId) in queue \(queue.keys.queue)")
            throw ExitCode(1)
        }
        let order = [ResultField.orderId, ResultField.status, ResultField.payInfo, ResultField.paymentId, ResultField.merchantId,
                     ResultField.amount, ResultField.bizPayOrderId, ResultField.channel, ResultField.batchId, ResultField.attempts,
                     ResultField.errorCode, ResultField.errorMessage, ResultField.createdAt, ResultField.updatedAt]
        for name in order + fields.keys.sorted().filter({ !order.contains($0) }) {
            if let value = fields[name] { print("\(name): \(value)") }
        }
    }
}
