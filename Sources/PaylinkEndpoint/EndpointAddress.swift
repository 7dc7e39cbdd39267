/// Where the operator endpoint listens: `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` (every interface).
///
/// The port is range-checked here, so a typo such as `127.0.0.1:80800` is refused with its reason
/// before anything binds.
public struct EndpointAddress: Sendable, Equatable, CustomStringConvertible {
    /// A host name or numeric address; empty for every interface.
    public let host: String
    /// 0 asks the OS for a free port (tests); the server reports the one it got.
    public let port: Int

    public init(host: String, port: Int) throws(EndpointError) {
        guard (0...65535).contains(port) else { throw EndpointError.invalidAddress("port \(port) is not 0-65535") }
        guard host.utf8.count <= 253, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw EndpointError.invalidAddress("\"\(host.prefix(40))\" is not a host name or address")
        }
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[IPv6]:PORT` or `:PORT`.
    public init(parsing text: String) throws(EndpointError) {
        var host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw EndpointError.invalidAddress("\"\(text.prefix(60))\" must be [IPv6]:PORT")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw EndpointError.invalidAddress("\"\(text.prefix(60))\" must be HOST:PORT")
            }
            host = text[..<colon]
            guard !host.contains(":") else { throw EndpointError.invalidAddress("write an IPv6 address as [ADDRESS]:PORT") }
            portText = text[text.index(after: colon)...]
        }
        guard !portText.isEmpty, portText.utf8.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText) else {
            throw EndpointError.invalidAddress("\"\(portText.prefix(20))\" is not a port number")
        }
        if host == "*" { host = "" }
        try self.init(host: String(host), port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
