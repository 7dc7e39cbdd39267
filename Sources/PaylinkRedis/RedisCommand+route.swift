/// Where a command must go in a Redis Cluster: the master of one slot, or any node.
enum RedisCommandRoute: Sendable, Equatable {
    /// The command's keys all hash to this slot.
    case slot(Int)
    /// The command has no key (`PING`, `INFO`, `TIME`, `SCRIPT LOAD`, `EVALSHA` with no keys...).
    case anyNode
    /// The command's keys hash to different slots; no node could run it.
    case crossSlot(name: String, slots: [Int])

    /// The error reply a cross-slot command gets without being sent; it starts with `CROSSSLOT`
    /// like the server's own, so callers that look at the prefix see the same thing.
    var crossSlotMessage: String? {
        guard case .crossSlot(let name, let slots) = self else { return nil }
        let shown = slots.prefix(2).map(String.init).joined(separator: " and ")
        return "CROSSSLOT the keys of \(name) hash to different slots (\(shown)); in a Redis Cluster "
            + "one command's keys must share a hash tag, such as {queue}"
    }
}

extension RedisCommand {
    /// The slot this command's keys hash to, read back from its encoded arguments.
    ///
    /// Only the cluster path asks (the single-node path never decodes a command). The key
    /// positions follow the Redis command table for the commands paylink and its tools send:
    /// the first argument for ordinary commands; the `KEYS` of `EVAL`/`EVALSHA`/`FCALL`; the
    /// streams after `STREAMS` for `XREAD`/`XREADGROUP`; every argument of `DEL`, `EXISTS`,
    /// `MGET`...; the first two of `RENAME`, `LMOVE`, `BLMOVE`...; all but the timeout of
    /// `BLPOP`/`BRPOP`. A command not listed is routed by its first argument; the server answers
    /// `CROSSSLOT` or `MOVED` if that was wrong, and either reaches the caller.
    var route: RedisCommandRoute {
        let arguments = argumentRanges
        let name = self.name
        guard let keys = Self.keyIndexes(name: name, arguments: arguments, body: body) else { return .anyNode }
        if keys.count == 1 {
            return keys[0] < arguments.count ? .slot(RedisKeySlot.slot(of: body[arguments[keys[0]]])) : .anyNode
        }
        var slots: [Int] = []
        for index in keys where index < arguments.count {
            let slot = RedisKeySlot.slot(of: body[arguments[index]])
            if !slots.contains(slot) { slots.append(slot) }
        }
        switch slots.count {
        case 0: return .anyNode
        case 1: return .slot(slots[0])
        default: return .crossSlot(name: name, slots: slots)
        }
    }

    /// Commands that name no key: they may run on any node.
    private static let keyless: Set<String> = [
        "PING", "ECHO", "INFO", "TIME", "SCRIPT", "FUNCTION", "CLUSTER", "CLIENT", "CONFIG", "COMMAND", "AUTH",
        "HELLO", "SELECT", "DBSIZE", "FLUSHALL", "FLUSHDB", "ROLE", "LASTSAVE", "SLOWLOG", "LATENCY", "MEMORY",
        "ACL", "DEBUG", "SAVE", "BGSAVE", "BGREWRITEAOF", "MULTI", "EXEC", "DISCARD", "ASKING", "READONLY",
        "READWRITE", "WAIT", "RANDOMKEY", "SCAN", "KEYS", "PUBLISH", "QUIT", "RESET", "MONITOR",
    ]
    /// Commands whose every argument is a key.
    private static let allKeys: Set<String> = [
        "DEL", "UNLINK", "EXISTS", "MGET", "TOUCH", "WATCH", "SINTER", "SUNION", "SDIFF", "SINTERSTORE",
        "SUNIONSTORE", "SDIFFSTORE", "PFCOUNT", "PFMERGE",
    ]
    /// Commands whose first two arguments are keys.
    private static let twoKeys: Set<String> = [
        "RENAME", "RENAMENX", "RPOPLPUSH", "BRPOPLPUSH", "LMOVE", "BLMOVE", "SMOVE", "COPY",
    ]
    /// Blocking pops: every argument but the last (the timeout) is a key.
    private static let keysThenTimeout: Set<String> = ["BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX"]
    /// Scripts and functions: `<script> <numkeys> key...`.
    private static let scripts: Set<String> = ["EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO"]

    /// The argument positions (0 is the name) that hold keys; `nil` for a keyless command.
    private static func keyIndexes(name: String, arguments: [Range<Int>], body: [UInt8]) -> [Int]? {
        let count = arguments.count
        if keyless.contains(name) || count < 2 { return nil }
        if scripts.contains(name) {
            guard count >= 3, let keyCount = Int(String(decoding: body[arguments[2]], as: UTF8.self)), keyCount > 0
            else { return nil }
            return Array(3..<min(count, 3 + keyCount))
        }
        if name == "XREAD" || name == "XREADGROUP" {
            guard
                let streams = arguments.firstIndex(where: {
                    String(decoding: body[$0], as: UTF8.self).uppercased() == "STREAMS"
                })
            else { return nil }
            let rest = count - streams - 1
            return Array((streams + 1)..<(streams + 1 + rest / 2))
        }
        if allKeys.contains(name) { return Array(1..<count) }
        if twoKeys.contains(name) { return Array(1..<min(count, 3)) }
        if keysThenTimeout.contains(name) { return Array(1..<max(count - 1, 2)) }
        if name == "MSET" || name == "MSETNX" { return Array(stride(from: 1, to: count, by: 2)) }
        return [1]
    }

    /// Where each argument's bytes sit in ``body`` (the name first).
    var argumentRanges: [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        var index = body.startIndex
        while index < body.endIndex, body[index] == UInt8(ascii: "$") {
            var length = 0
            var cursor = index + 1
            while cursor < body.endIndex, body[cursor] != UInt8(ascii: "\r") {
                length = length * 10 + Int(body[cursor] &- UInt8(ascii: "0"))
                cursor += 1
            }
            let start = cursor + 2
            let end = start + length
            guard end <= body.endIndex else { break }
            ranges.append(start..<end)
            index = end + 2
        }
        return ranges
    }
}
