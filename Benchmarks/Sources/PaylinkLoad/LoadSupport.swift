import ArgumentParser
import Foundation
import Logging
import Paylink
import PaylinkRedis

extension QueueOptions {
    func client() throws -> (RedisClient, OrderQueue) {
        let url: RedisURL
        do { url = try RedisURL(redisURL) } catch { throw ValidationError("invalid --redis-url: \(error)") }
        let client = RedisClient(configuration: RedisConfiguration(url: url), logger: Logger(label: "load"))
        return (client, OrderQueue(keys: try QueueKeys(queue: queue), redis: client))
    }
}

enum Load {
    /// Every benchmark order is for $10.00: the static responder answers one fixed link with
    /// `"amount":"1000"`, and the worker refuses a link whose amount is not the order's.
    static let amount = "1000"

    static func order(_ index: Int, extra: [(String, String)] = []) -> [UInt8] {
        var writer = JSONWriter()
        writer.add("orderId", "b-\(index)")
        writer.add("amount", amount)
        writer.add("callbackURL", "https://shop.example.com/ottpay/notify?order=b-\(index)")
        writer.add("returnURL", "https://shop.example.com/orders/b-\(index)")
        writer.add("remark", "bench")
        for (key, value) in extra { writer.add(key, value) }
        return writer.finish()
    }

    /// A web-pay request body, as the worker sends it.
    static func apiBody(_ index: Int) -> [UInt8] {
        var writer = JSONWriter()
        writer.add("amount", String(100 + index % 100_000))
        writer.add("callbackURL", "https://shop.example.com/ottpay/notify?order=b-\(index)")
        writer.add("returnURL", "https://shop.example.com/orders/b-\(index)")
        writer.add("remark", "bench")
        return writer.finish()
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }

    static func wallMicros() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1_000_000)
    }

    static func finished(_ queue: OrderQueue) async throws -> Int {
        try await queue.status().finishedCount
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
}
