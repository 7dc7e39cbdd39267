import Foundation
import Paylink
import PaylinkTestSupport
import Testing

/// `paylink probe`, the container's HEALTHCHECK: a real worker's probes through libcurl.
@Suite(.timeLimit(.minutes(2)))
struct ProbeCommandTests {
    @Test func answersZeroWhileTheWorkerServesAndOneOnceItIsGone() async throws {
        let url = try await TestRedis.url()
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("probe"))
        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        let worker = try OperatorEndpointTests.worker(keys, redis: url, mock: mock)
        let port = try await OperatorEndpointTests.port(of: worker)
        try await poll(timeout: .seconds(20), "readyz answers 0") {
            try await Self.probe(["readyz", "--http-address", "127.0.0.1:\(port)"]).exit == 0
        }
        // The address as the worker reads it, from the environment, with every interface meaning this host.
        let live = try await Self.probe(["livez"], environment: ["PAYLINK_HTTP_ADDRESS": "0.0.0.0:\(port)"])
        #expect(live.exit == 0 && live.output.hasPrefix("livez: "), "\(live)")

        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")
        let gone = try await Self.probe(["livez", "--http-address", "127.0.0.1:\(port)"])
        #expect(gone.exit == 1 && gone.output.contains("http://127.0.0.1:\(port)/livez"), "\(gone)")
    }

    @Test(arguments: [
        (["livez"], "--http-address"),
        (["livez", "--http-address", "127.0.0.1:0"], "port 0"),
        (["livez", "--http-address", "localhost"], "HOST:PORT"),
        (["readyz", "--http-address", "127.0.0.1:9464", "--timeout", "0"], "--timeout"),
        (["startz", "--http-address", "127.0.0.1:9464"], "startz"),
    ])
    func badSettingsAreNamed(arguments: [String], named: String) async throws {
        let run = try await Self.probe(arguments)
        #expect(run.exit.map { $0 != 0 && $0 < 128 } == true, "\(run)")
        #expect(run.output.contains(named), "\(run)")
    }

    /// `--dashboard` reads the address as `paylink dashboard` does: PAYLINK_DASHBOARD_ADDRESS,
    /// never the worker's PAYLINK_HTTP_ADDRESS.
    @Test func theDashboardsAddressComesFromItsOwnVariable() async throws {
        let zero = try await Self.probe(
            ["readyz", "--dashboard"], environment: ["PAYLINK_DASHBOARD_ADDRESS": "127.0.0.1:0", "PAYLINK_HTTP_ADDRESS": "127.0.0.1:9464"])
        #expect(zero.exit.map { $0 != 0 && $0 < 128 } == true && zero.output.contains("PAYLINK_DASHBOARD_ADDRESS"), "\(zero)")
        let gone = try await Self.probe(["livez", "--dashboard"], environment: ["PAYLINK_DASHBOARD_ADDRESS": "127.0.0.1:9"])
        #expect(gone.exit == 1 && gone.output.contains("http://127.0.0.1:9/livez"), "\(gone)")
    }

    private static func probe(_ arguments: [String], environment: [String: String] = [:]) async throws -> (exit: Int32?, output: String) {
        let process = try ScriptRun.paylink(["probe"] + arguments, environment: environment)
        let exit = try await process.waitForExit(timeout: .seconds(20))
        return (exit, process.output)
    }
}
