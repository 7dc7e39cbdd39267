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
        let evalsha = RedisCommand(
            "EVALSHA",
            arguments: [script.sha1, keys.count] + keys.map { $0 as any RedisArgumentConvertible } + arguments)
        do throws(RedisError) {
            return try await send(evalsha)
        } catch  where error.code == .commandFailed && error.message.hasPrefix("NOSCRIPT") {
            let replies = try await pipeline([RedisCommand("SCRIPT", "LOAD", script.source), evalsha])
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
