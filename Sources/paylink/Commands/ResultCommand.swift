import ArgumentParser
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink result <orderId>`: prints one order's result hash.
struct ResultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result", abstract: "Print an order's result.",
        discussion: """
            With --json, one object on stdout: {"found", "orderId", "queue", "result"}. "result" holds the \
            result hash under its field names (status, payInfo, paymentId, amount, errorCode, errorMessage, ...): \
            counts (attempts, duplicates, recoveries, rateLimitWaits) and Unix-ms times (createdAt, updatedAt, \
            finishedAt, sendingAt, nextAttemptAt) as numbers, possibleDuplicate and unsure as booleans, the rest \
            as strings. With no result: {"found": false, ...} and exit code 1, as without --json.
            """)

    @Argument(help: "The order ID.")
    var orderId: String

    @Flag(help: "Print one JSON object on stdout instead (its keys are described above).")
    var json = false

    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.makeLogger(label: "paylink.result")
        let client = try redis.client(logger: logger)
        defer { client.shutdown() }
        let layout = try await redis.readingLayout(client: client)
        var queue = OrderQueue(keys: try layout.shards().keys(for: orderId), redis: client)
        var fields = try await queue.result(orderId: orderId)
        // Not in its current shard: a result from before a change of --shards is in an earlier one.
        for tag in layout.earlierTags(of: orderId, current: queue.keys.queue) where fields == nil {
            let earlier = OrderQueue(keys: try QueueKeys(queue: tag), redis: client)
            if let found = try await earlier.result(orderId: orderId) { (queue, fields) = (earlier, found) }
        }
        if json {
            let result = fields.map(ResultFieldsOutput.init)
            try JSONOutput.print(ResultOutput(found: fields != nil, orderId: orderId, queue: queue.keys.queue, result: result))
            if fields == nil { throw ExitCode(1) }
            return
        }
        guard let fields else {
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
