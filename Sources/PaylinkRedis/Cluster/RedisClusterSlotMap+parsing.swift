/// Reading the slot map from `CLUSTER SHARDS` (Redis 7) or `CLUSTER SLOTS` (older servers).
///
/// Every number from the server is range-checked (slots 0...16383, ports 1...65535) and every
/// host must be non-empty after the "unknown endpoint" rule: a node that announces `""` or `"?"`
/// means the node that answered. A malformed reply throws `.protocolError` naming what was wrong.
extension RedisClusterSlotMap {
    /// Parses a `CLUSTER SHARDS` reply (RESP2: an array of flat maps `slots`, `nodes`).
    /// - Parameters:
    ///   - askedNode: the node that answered, whose host stands in for an unknown endpoint.
    ///   - usesTLS: read `tls-port` rather than `port` when the node gives one.
    static func parse(shards reply: RedisValue, askedNode: RedisNodeAddress, usesTLS: Bool) throws(RedisError) -> Self {
        guard let shards = reply.array else { throw malformed("CLUSTER SHARDS", "the reply is not an array") }
        var map = RedisClusterSlotMap()
        for shard in shards {
            let fields = try flatMap(shard, what: "a shard")
            guard let slotBounds = fields["slots"]?.array, slotBounds.count % 2 == 0 else {
                throw malformed("CLUSTER SHARDS", "a shard's slots are not start/end pairs")
            }
            guard let nodes = fields["nodes"]?.array else { throw malformed("CLUSTER SHARDS", "a shard has no nodes") }
            var master: RedisNodeAddress?
            var masterIsOnline = false
            for node in nodes {
                let info = try flatMap(node, what: "a node")
                let address = try shardNodeAddress(info, askedNode: askedNode, usesTLS: usesTLS)
                map.remember(address)
                // During a failover a shard may list the failed master beside the promoted one.
                let online = info["health"]?.string.map { $0 == "online" } ?? true
                if info["role"]?.string == "master" && (master == nil || (online && !masterIsOnline)) {
                    master = address
                    masterIsOnline = online
                }
            }
            var ranges: [ClosedRange<Int>] = []
            for pair in stride(from: 0, to: slotBounds.count, by: 2) {
                ranges.append(try slotRange(slotBounds[pair], slotBounds[pair + 1], command: "CLUSTER SHARDS"))
            }
            guard let master else { continue }  // No master yet: these slots stay unassigned.
            for range in ranges { try map.assignChecked(range, to: master, command: "CLUSTER SHARDS") }
        }
        return map
    }

    /// Parses a `CLUSTER SLOTS` reply: `[start, end, [host, port, id, ...], replica...]` per range.
    static func parse(slots reply: RedisValue, askedNode: RedisNodeAddress) throws(RedisError) -> Self {
        guard let entries = reply.array else { throw malformed("CLUSTER SLOTS", "the reply is not an array") }
        var map = RedisClusterSlotMap()
        for entry in entries {
            guard let parts = entry.array, parts.count >= 3 else {
                throw malformed("CLUSTER SLOTS", "an entry has no start, end and master")
            }
            let range = try slotRange(parts[0], parts[1], command: "CLUSTER SLOTS")
            var addresses: [RedisNodeAddress] = []
            for node in parts[2...] {
                guard let fields = node.array, fields.count >= 2 else {
                    throw malformed("CLUSTER SLOTS", "a node entry has no host and port")
                }
                let host = fields[0].isNull ? "" : try text(fields[0], what: "a host", command: "CLUSTER SLOTS")
                addresses.append(try address(host: host, port: fields[1], askedNode: askedNode, command: "CLUSTER SLOTS"))
            }
            try map.assignChecked(range, to: addresses[0], command: "CLUSTER SLOTS")
            for replica in addresses.dropFirst() { map.remember(replica) }
        }
        return map
    }

    private mutating func assignChecked(_ range: ClosedRange<Int>, to master: RedisNodeAddress, command: String) throws(RedisError) {
        if let taken = range.first(where: isAssigned) {
            throw Self.malformed(command, "slot \(taken) is listed twice")
        }
        assign(range, to: master)
    }

    private static func shardNodeAddress(
        _ info: [String: RedisValue], askedNode: RedisNodeAddress, usesTLS: Bool
    ) throws(RedisError) -> RedisNodeAddress {
        // `endpoint` is what the node asks clients to use (its IP, host name or "?"); `ip` backs it.
        var host = try info["endpoint"].map { value throws(RedisError) in try text(value, what: "an endpoint", command: "CLUSTER SHARDS") } ?? ""
        if host.isEmpty || host == "?" {
            host = try info["ip"].map { value throws(RedisError) in try text(value, what: "an ip", command: "CLUSTER SHARDS") } ?? ""
        }
        let port = usesTLS ? info["tls-port"] ?? info["port"] : info["port"] ?? info["tls-port"]
        guard let port else { throw malformed("CLUSTER SHARDS", "a node has no port") }
        return try address(host: host, port: port, askedNode: askedNode, command: "CLUSTER SHARDS")
    }

    private static func address(
        host: String, port: RedisValue, askedNode: RedisNodeAddress, command: String
    ) throws(RedisError) -> RedisNodeAddress {
        guard let number = port.int, (1...65535).contains(number) else {
            throw malformed(command, "port \(port.int.map(String.init) ?? "?") is not in 1...65535")
        }
        let resolved = host.isEmpty || host == "?" ? askedNode.host : host
        guard !resolved.isEmpty else { throw malformed(command, "a node has an empty host") }
        return RedisNodeAddress(host: resolved, port: Int(number))
    }

    private static func slotRange(_ start: RedisValue, _ end: RedisValue, command: String) throws(RedisError) -> ClosedRange<Int> {
        let valid = 0...Int64(RedisKeySlot.count - 1)
        guard let first = start.int, let last = end.int, valid.contains(first), valid.contains(last), first <= last else {
            let shown = "\(start.int.map(String.init) ?? "?")-\(end.int.map(String.init) ?? "?")"
            throw malformed(command, "slot range \(shown) is not within 0...16383")
        }
        return Int(first)...Int(last)
    }

    /// A RESP2 flat map (`[name, value, name, value...]`) as a dictionary.
    private static func flatMap(_ value: RedisValue, what: String) throws(RedisError) -> [String: RedisValue] {
        guard let elements = value.array, elements.count % 2 == 0 else {
            throw malformed("CLUSTER SHARDS", "\(what) is not a list of name/value pairs")
        }
        var fields: [String: RedisValue] = [:]
        for index in stride(from: 0, to: elements.count, by: 2) {
            guard let name = elements[index].string else { throw malformed("CLUSTER SHARDS", "\(what) has a field without a name") }
            fields[name] = elements[index + 1]
        }
        return fields
    }

    private static func text(_ value: RedisValue, what: String, command: String) throws(RedisError) -> String {
        guard let string = value.string else { throw malformed(command, "\(what) is not text") }
        return string
    }

    static func malformed(_ command: String, _ problem: String) -> RedisError {
        RedisError(code: .protocolError, command: command, message: "unusable slot map: \(problem)")
    }
}
