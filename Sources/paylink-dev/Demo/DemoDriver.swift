import Foundation
import Paylink
import PaylinkCLI
import PaylinkHTTP
import PaylinkRedis
import ServiceLifecycle

/// Drives the demo: waits for the stand-in, enqueues the sample orders, shows progress until
/// every order has an outcome, prints the summary, then returns (which stops the demo).
struct DemoDriver: Service {
    let keys: QueueKeys
    let redis: RedisClient
    let orders: Int
    let apiPort: Int

    func run() async throws {
        try await waitForAPI()
        let queue = OrderQueue(keys: keys, redis: redis)
        // A fresh start: earlier results would answer these orders as duplicates.
        let clear = "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end"
        _ = try await redis.send(RedisCommand("EVAL", clear, "0", keys.prefix + "*"))
        let elements = DemoOrders.elements(count: orders)
        let start = ContinuousClock.now
        for chunkStart in stride(from: 0, to: elements.count, by: 1000) {
            try await queue.enqueue(Array(elements[chunkStart..<min(chunkStart + 1000, elements.count)]))
        }
        print("enqueued \(elements.count) orders")
        let progress = ProgressBar(total: elements.count, label: "orders")
        var status = try await queue.status()
        while status.finishedCount < elements.count {
            progress.update(status.finishedCount)
            try await Task.sleep(for: .milliseconds(100))
            status = try await queue.status()
        }
        progress.update(status.finishedCount)
        progress.finish()
        let seconds = (ContinuousClock.now - start).inSeconds
        print(String(format: "done: %d orders in %.2f s (%.0f orders/s)", elements.count, seconds, Double(elements.count) / seconds))
        for state in OrderStatus.allCases { print("  \(state.rawValue): \(status.results[state] ?? 0)") }
        print("  rejected (no orderId, in the dead list): \(status.rejected)")
        for orderId in ["demo-2", "demo-bad-amount"] {
            if let result = try await queue.result(orderId: orderId) {
                print("\nresult of \(orderId):")
                for (name, value) in result.sorted(by: { $0.key < $1.key }) {
                    print("  \(name): \(value.count > 120 ? String(value.prefix(117)) + "..." : value)")
                }
            }
        }
    }


    private func waitForAPI() async throws {
        let http = try HTTPClient()
        defer { http.shutdown() }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if (try? await http.execute(HTTPRequest(url: "http://127.0.0.1:\(apiPort)/mock/stats"))) != nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DemoError("the API stand-in did not start on port \(apiPort)")
    }
}

/// The demo's own failures, as plain messages.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
