import Paylink
import PaylinkRedis

/// Orders whose callbackURL carries the order ID, so the stand-in's fingerprints map to orders.
enum TestOrders {
    static func valid(_ count: Int, prefix: String = "o") -> [[UInt8]] {
        (0..<count).map { index in
            Order(
                orderId: "\(prefix)-\(index)", amount: String(100 + index),
                callbackURL: "https://shop.example/notify/\(prefix)-\(index)",
                returnURL: "https://shop.example/orders/\(prefix)-\(index)"
            ).jsonBytes()
        }
    }

    /// Pushes elements in chunks, as `paylink enqueue` does.
    static func enqueue(_ elements: [[UInt8]], on queue: OrderQueue) async throws {
        for start in stride(from: 0, to: elements.count, by: 1000) {
            try await queue.enqueue(Array(elements[start..<min(start + 1000, elements.count)]))
        }
    }

    /// Number of orders `<prefix>-0..<count` whose call has been marked sent (`sendingAt`): the
    /// worker made, or is making, the call.
    static func sent(prefix: String, count: Int, on queue: OrderQueue) async throws -> Int {
        var sent = 0
        for index in 0..<count where try await queue.result(orderId: "\(prefix)-\(index)")?[ResultField.sendingAt] != nil {
            sent += 1
        }
        return sent
    }

    /// Number of results in a terminal status.
    static func finished(_ queue: OrderQueue) async throws -> Int {
        try await queue.status().resultCount
    }
}
