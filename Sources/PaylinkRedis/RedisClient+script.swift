extension RedisClient {
    /// Runs `script` with `EVALSHA`; if the server answers `NOSCRIPT` (first use, restart,
    /// `SCRIPT FLUSH`), loads it and retries once in the same round trip.
    /// - Parameters:
    ///   - keys: The script's `KEYS`.
    ///   - arguments: The script's `ARGV`.
    /// - Returns: The script's reply.
    /// - Throws: `.commandFailed` with the script's error, or a connection error.
    public func run(
        _ script: RedisScript, keys: [String], arguments: [any RedisArgumentConvertible]
    ) async throws(RedisError) -> RedisValue {
        try await run(script, keys: keys, argumentCount: arguments.count) { encoder in
            for argument in arguments { argument.encodeRedisArgument(into: &encoder) }
        }
    }

    /// Runs `script` like ``run(_:keys:arguments:)``, with `ARGV` written by `encode` one
    /// argument at a time: for long argument lists on the hot path, which then need no array of
    /// their own. `argumentCount` and `byteCount` (ARGV's total length, if known) size the buffer.
    public func run(
        _ script: RedisScript, keys: [String], argumentCount: Int, byteCount: Int = 0, encode: (inout RESPEncoder) -> Void
    ) async throws(RedisError) -> RedisValue {
        let keyBytes = keys.reduce(48) { $0 + $1.utf8.count }
        let evalsha = RedisCommand(
            "EVALSHA", argumentCount: 2 + keys.count + argumentCount, byteCount: byteCount + keyBytes
        ) { encoder in
            script.sha1.encodeRedisArgument(into: &encoder)
            keys.count.encodeRedisArgument(into: &encoder)
            for key in keys { key.encodeRedisArgument(into: &encoder) }
            encode(&encoder)
        }
        do throws(RedisError) {
            return try await send(evalsha)
        } catch  where error.code == .commandFailed && error.message.hasPrefix("NOSCRIPT") {
            // In a cluster the load goes with the EVALSHA to its key's master; if the slot moved
            // in between, the EVALSHA followed it to a node without the script: load it there too.
            var attempt = 0
            while true {
                attempt += 1
                let replies = try await pipeline([RedisCommand("SCRIPT", "LOAD", script.source), evalsha])
                if attempt == 1, case .error(let message)? = replies.last, message.hasPrefix("NOSCRIPT") { continue }
                for reply in replies {
                    if case .error(let message) = reply {
                        throw RedisError(code: .commandFailed, command: "EVALSHA", message: message)
                    }
                }
                guard let reply = replies.last else {
                    throw RedisError(code: .protocolError, command: "EVALSHA", message: "no reply")
                }
                return reply
            }
        }
    }
}
