import PaylinkEndpoint

/// Where the dashboard listens: `HOST:PORT` from `--address` / `PAYLINK_DASHBOARD_ADDRESS`.
///
/// Whether the host is a loopback address decides whether credentials are required: a dashboard
/// reachable from other hosts never starts without them.
public struct DashboardAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// The default: loopback only, port 8080.
    public static let standard = DashboardAddress(host: "127.0.0.1", port: 8080)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT` or `[IPv6]:PORT` with the worker's `--http-address` rules
    /// (`EndpointAddress`); `:PORT` means every interface. Port 0 picks a free one.
    /// - Throws: `DashboardSetupError` naming what is wrong.
    public init(parsing text: String) throws(DashboardSetupError) {
        let parsed: EndpointAddress
        do {
            parsed = try EndpointAddress(parsing: text)
        } catch {
            guard case .invalidAddress(let reason) = error else { throw DashboardSetupError("invalid --address: \(error)") }
            throw DashboardSetupError("invalid --address / PAYLINK_DASHBOARD_ADDRESS: \(reason)")
        }
        self.init(host: parsed.host.isEmpty ? "0.0.0.0" : parsed.host, port: parsed.port)
    }

    /// True for `localhost`, `127.0.0.0/8` and `::1`: only this host can connect.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
