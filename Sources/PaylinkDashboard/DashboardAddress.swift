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

    /// Reads `HOST:PORT`, `[IPv6]:PORT`; port 0 picks a free one.
    /// - Throws: `DashboardSetupError` naming what is wrong.
    public init(parsing text: String) throws(DashboardSetupError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw DashboardSetupError("invalid --address \"\(text)\": an IPv6 address is written [addr]:port")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw DashboardSetupError("invalid --address \"\(text)\": expected HOST:PORT, such as 127.0.0.1:8080")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:_".contains($0) }) else {
            throw DashboardSetupError("invalid --address \"\(text)\": the host is empty or holds characters no host name has")
        }
        guard portText.count <= 5, let port = Int(portText), (0...65535).contains(port) else {
            throw DashboardSetupError("invalid --address \"\(text)\": the port must be a number from 0 to 65535")
        }
        self.init(host: String(host), port: port)
    }

    /// True for `localhost`, `127.0.0.0/8` and `::1`: only this host can connect.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
