/// A cluster node's answer that a command ran nowhere and must go elsewhere or wait: `MOVED`,
/// `ASK`, `TRYAGAIN` or `CLUSTERDOWN`. A node checks the slot before running anything, so each of
/// these means the command was not executed and may always be sent again.
enum RedisClusterRedirect: Sendable, Equatable {
    /// The slot lives on another master for good: follow it and refresh the slot map.
    case moved(slot: Int, to: RedisNodeAddress)
    /// The slot is being migrated and this key is already on the target: send `ASKING` and the
    /// command there, once, without touching the map.
    case ask(slot: Int, to: RedisNodeAddress)
    /// A multi-key command met a slot in migration (`TRYAGAIN`) or the cluster cannot serve the
    /// slot now (`CLUSTERDOWN`, e.g. while a replica is promoted): wait a little and retry.
    case retryLater

    /// Parses an error reply; `nil` for any other error, or a malformed redirect.
    /// - Parameter askedNode: the node that answered; `MOVED 3999 :6380` (an empty host) means its host.
    init?(errorMessage message: String, askedNode: RedisNodeAddress) {
        if message.hasPrefix("TRYAGAIN") || message.hasPrefix("CLUSTERDOWN") {
            self = .retryLater
            return
        }
        let isMoved = message.hasPrefix("MOVED ")
        guard isMoved || message.hasPrefix("ASK ") else { return nil }
        let parts = message.split(separator: " ")
        guard parts.count == 3, let slot = Int(parts[1]), (0..<RedisKeySlot.count).contains(slot),
            let address = Self.address(parts[2], askedNode: askedNode)
        else { return nil }
        self = isMoved ? .moved(slot: slot, to: address) : .ask(slot: slot, to: address)
    }

    /// `host:port` or `[v6]:port` as a node announces itself; the port range-checked.
    static func address(_ text: Substring, askedNode: RedisNodeAddress) -> RedisNodeAddress? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = text[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        return RedisNodeAddress(host: host.isEmpty || host == "?" ? askedNode.host : String(host), port: port)
    }
}
