import ArgumentParser
import Paylink
import PaylinkHTTP

/// Sends web-pay calls straight at an API (the stand-in) to show how much it can serve, so the
/// end-to-end figure is known not to be limited by it.
struct HTTPLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http")
    @Option(name: .customLong("base-url")) var baseURL: String
    @Option var requests = 100_000
    @Option var concurrency = 256
    @Option(name: .customLong("app-id")) var appId = "ON00000185"
    @Option(name: .customLong("app-key")) var appKey = "demo-app-key-0e83"

    func run() async throws {
        let http = try HTTPClient()
        defer { http.shutdown() }
        var tokenBody = JSONWriter()
        tokenBody.add("appId", appId)
        tokenBody.add("appKey", appKey)
        let tokenResponse = try await http.execute(HTTPRequest(method: .post, url: baseURL + "/api/v1/auth/token", headers: ["Content-Type": "application/json"], body: tokenBody.finish()))
        let token = (try? JSONValue.parse(tokenResponse.body).objectValue?["result"]?.objectValue?["token"]?.stringValue) ?? nil ?? ""
        let start = ContinuousClock.now
        let ok = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var ok = 0
                    for index in stride(from: worker, to: requests, by: concurrency) {
                        let request = HTTPRequest(
                            method: .post, url: baseURL + "/api/v1/pay/alipay/web-pay",
                            headers: ["Content-Type": "application/json", "Authorization": "Bearer " + token], body: Load.apiBody(index))
                        if let response = try? await http.execute(request), response.status == 200 { ok += 1 }
                    }
                    return ok
                }
            }
            return await group.reduce(0, +)
        }
        let seconds = Load.seconds(ContinuousClock.now - start)
        print(String(format: "http: %d requests (%d ok) in %.2f s: %.0f requests/s with %d in flight", requests, ok, seconds, Double(requests) / seconds, concurrency))
    }
}
