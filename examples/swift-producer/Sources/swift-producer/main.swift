// Pushes <count> orders onto a paylink queue with `OrderProducer`, then waits for their results
// and prints a summary. Follows docs/redis-contract.md (contract version 3).
// On a sharded queue, OrderProducer pushes each order to its shard by the layout recorded in Redis.
//
//   PAYLINK_REDIS_URL=redis://127.0.0.1:6379/0 PAYLINK_QUEUE=default swift-producer 10 swift-demo [timeout-seconds]
//
// Exits 0 when every order reached a final status, 1 when some did not before the timeout,
// 2 on bad arguments.
import Foundation
import Logging
import Paylink
import PaylinkRedis

func run() async throws -> Int32 {
    let arguments = CommandLine.arguments
    guard arguments.count >= 3, let count = Int(arguments[1]), count >= 1 else {
        FileHandle.standardError.write(Data("usage: swift-producer <count> <orderId-prefix> [timeout-seconds]\n".utf8))
        return 2
    }
    let prefix = arguments[2]
    let timeout = arguments.count > 3 ? Double(arguments[3]) ?? 60 : 60
    let environment = ProcessInfo.processInfo.environment

    let url = try RedisURL(environment["PAYLINK_REDIS_URL"] ?? "redis://127.0.0.1:6379/0")
    let redis = RedisClient(configuration: RedisConfiguration(url: url), logger: Logger(label: "swift-producer"))
    defer { redis.shutdown() }
    let producer = try OrderProducer(queue: environment["PAYLINK_QUEUE"] ?? "default", redis: redis)

    let orders = (0..<count).map { index in
        let id = "\(prefix)-\(index)"
        return Order(
            orderId: id, amount: "1000",
            callbackURL: "https://shop.example/notify/\(id)", returnURL: "https://shop.example/orders/\(id)")
    }
    try await producer.enqueue(orders)
    print("pushed \(orders.count) orders onto queue \(producer.keys.queue)")

    // Poll only the orders still open, one pipelined round trip per pass.
    var finished: [String: StoredResult] = [:]
    var waiting = orders.map(\.orderId)
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    while !waiting.isEmpty, ContinuousClock.now < deadline {
        for (orderId, result) in try await producer.results(orderIds: waiting) where result.isFinal {
            finished[orderId] = result
        }
        waiting.removeAll { finished[$0] != nil }
        if !waiting.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
    }

    var byStatus: [String: Int] = [:]
    for result in finished.values { byStatus[result.status?.rawValue ?? "?", default: 0] += 1 }
    print("results: " + byStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    for order in orders {
        guard let result = finished[order.orderId] else { continue }
        if result.status == .succeeded {
            let flag = result.possibleDuplicate ? "  POSSIBLE DUPLICATE: check OTT Pay before using" : ""
            print("\(order.orderId) succeeded \(result.payInfo ?? "")\(flag)")
        } else {
            let status = result.status?.rawValue ?? "?"
            print("\(order.orderId) \(status) \(result.errorCode ?? ""): \(result.errorMessage ?? "")")
        }
    }
    guard waiting.isEmpty else {
        FileHandle.standardError.write(Data("no final result after \(timeout)s for \(waiting.count) orders\n".utf8))
        return 1
    }
    return 0
}

do {
    exit(try await run())
} catch {
    FileHandle.standardError.write(Data("swift-producer: \(error)\n".utf8))
    exit(1)
}
