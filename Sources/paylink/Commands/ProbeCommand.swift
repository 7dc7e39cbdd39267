import ArgumentParser
import PaylinkCLI
import PaylinkEndpoint
import PaylinkHTTP

/// `paylink probe livez|readyz`: asks this host's worker (or, with `--dashboard`, its
/// dashboard, whose probes mean the same) for one probe and exits 0 only on 200.
///
/// For a container's `HEALTHCHECK` and other probes that can only run a command: the runtime
/// image carries no curl or wget (libcurl is linked into paylink, so this costs nothing).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Ask a worker's (or dashboard's) /livez or /readyz; exit 0 on 200, 1 otherwise (for HEALTHCHECK).")

    enum Probe: String, ExpressibleByArgument, CaseIterable {
        case livez, readyz
    }

    @Argument(help: "livez (the process turns) or readyz (it takes orders).") var probe: Probe

    @Option(
        name: .customLong("http-address"),
        help: "The worker's HOST:PORT (env PAYLINK_HTTP_ADDRESS, as the worker reads it; 0.0.0.0 and :: mean this host).")
    var httpAddress: String?

    @Flag(help: "Ask the dashboard instead: --http-address, else env PAYLINK_DASHBOARD_ADDRESS, else 127.0.0.1:8080, as `paylink dashboard` reads them.")
    var dashboard = false

    @Option(help: "Seconds to wait for the answer (default 2, at most 60).") var timeout: Double = 2

    func run() async throws {
        guard timeout > 0, timeout <= 60 else { throw ValidationError("invalid --timeout: \(timeout) is not within 0-60 seconds") }
        let given = dashboard ? httpAddress ?? Environment.value("PAYLINK_DASHBOARD_ADDRESS") ?? "127.0.0.1:8080" : httpAddress ?? Environment.value("PAYLINK_HTTP_ADDRESS")
        let source = dashboard ? "--http-address / PAYLINK_DASHBOARD_ADDRESS" : "--http-address / PAYLINK_HTTP_ADDRESS"
        guard let text = given, !text.isEmpty else {
            throw ValidationError("invalid --http-address: give the worker's address, or set PAYLINK_HTTP_ADDRESS")
        }
        let address: EndpointAddress
        do {
            address = try EndpointAddress(parsing: text)
        } catch {
            throw ValidationError("invalid \(source): \(error.description)")
        }
        guard address.port != 0 else {
            throw ValidationError("invalid \(source): port 0 lets the server pick a port, which a probe cannot know; give it a fixed one")
        }
        // A server listening on every interface answers on loopback too.
        let host =
            switch address.host {
            case "", "0.0.0.0": "127.0.0.1"
            case "::": "[::1]"
            default: address.host.contains(":") ? "[\(address.host)]" : address.host
            }
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = .milliseconds(Int(timeout * 1000))
        configuration.timeout = .milliseconds(Int(timeout * 1000))
        let client = try HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let url = "http://\(host):\(address.port)/\(probe.rawValue)"
        do {
            let response = try await client.execute(HTTPRequest(url: url))
            let body = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingTrailingNewlines
            guard response.status == 200 else {
                StandardError.write("paylink probe: \(url) answered \(response.status): \(body)\n")
                throw ExitCode(1)
            }
            print("\(probe.rawValue): \(body)")
        } catch let error as HTTPClientError {
            StandardError.write("paylink probe: \(url): \(error)\n")
            throw ExitCode(1)
        }
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
