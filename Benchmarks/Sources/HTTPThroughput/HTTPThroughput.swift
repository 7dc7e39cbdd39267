import Foundation
import PaylinkHTTP

/// Measures POST requests per second through one `HTTPClient` against an in-process server.
///
/// Usage: `swift run -c release HTTPThroughput [requests] [concurrency]` (default 50000 256).
@main
enum HTTPThroughput {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let total = arguments.first ?? 50_000
        let concurrency = arguments.dropFirst().first ?? 256
        try await ThroughputServer.withServer { port in
            guard port > 0 else {
                print("server did not start")
                return
            }
            let client = try HTTPClient()
            defer { client.shutdown() }
            let body = Array(#"{"order_id":"A-000001","amount":1999,"currency":"CAD"}"#.utf8)
            let request = HTTPRequest(
                method: .post, url: "http://127.0.0.1:\(port)/", headers: ["Content-Type": "application/json"], body: body)

            _ = await send(request, count: 2_000, concurrency: concurrency, client: client)  // warm-up
            let clock = ContinuousClock()
            let start = clock.now
            let failures = await send(request, count: total, concurrency: concurrency, client: client)
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = Int(Double(total) / seconds)
            print("\(total) POSTs, \(concurrency) concurrent, \(failures) failed, \(String(format: "%.2f", seconds)) s: \(rate) requests/s")
        }
    }

    /// Sends `count` requests from `concurrency` tasks, each sending its share back to back.
    /// - Returns: How many failed or came back without a 200 and a 1 KiB body.
    private static func send(_ request: HTTPRequest, count: Int, concurrency: Int, client: HTTPClient) async -> Int {
        await withTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                let share = count / concurrency + (worker < count % concurrency ? 1 : 0)
                group.addTask {
                    var failures = 0
                    for _ in 0..<share {
                        let response = try? await client.execute(request)
                        if response?.status != 200 || response?.body.count != 1_024 { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
    }
}
