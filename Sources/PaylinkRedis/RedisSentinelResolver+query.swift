/// Asking the sentinels, by the Sentinel client rules: each in turn, over a short-lived
/// connection (TLS for `rediss-sentinel://`), until one names the master.
extension RedisSentinelResolver {
    /// The master's address from the first sentinel that names it, and that sentinel.
    /// - Throws: `.connectionFailed` listing what each sentinel said; `.authenticationFailed`
    ///   when every sentinel refused the credentials, `.tlsFailed` when every sentinel's TLS
    ///   handshake failed (an untrusted CA, a name mismatch, an expired certificate).
    func query(
        sentinels: [RedisNodeAddress], connectTimeout: Duration
    ) throws(RedisError) -> (master: RedisNodeAddress, sentinel: RedisNodeAddress) {
        var failures: [String] = []
        var refusedCredentials = 0
        var refusedTLS = 0
        for sentinel in sentinels {
            do throws(RedisError) {
                let connection = try connect(to: sentinel, timeout: connectTimeout)
                try connection.append(RedisCommand("SENTINEL", "get-master-addr-by-name", masterName))
                let reply = try connection.readReply()
                guard let master = try Self.masterAddress(from: reply) else {
                    failures.append("\(sentinel): does not know master '\(masterName)'")
                    continue
                }
                return (master, sentinel)
            } catch {
                if error.code == .authenticationFailed { refusedCredentials += 1 }
                if error.code == .tlsFailed { refusedTLS += 1 }
                failures.append("\(sentinel): \(error.message)")
            }
        }
        let message = "no sentinel named the master '\(masterName)' (\(failures.joined(separator: "; ")))"
        let code: RedisError.Code =
            refusedCredentials == sentinels.count ? .authenticationFailed : refusedTLS == sentinels.count ? .tlsFailed : .connectionFailed
        throw RedisError(code: code, command: "SENTINEL", message: message)
    }

    /// A connection to one sentinel (TLS when the URL is `rediss-sentinel://`), authenticated
    /// when the settings have a password; its socket timeout is `timeout` too (a sentinel
    /// answers at once or not at all).
    func connect(to sentinel: RedisNodeAddress, timeout: Duration) throws(RedisError) -> any RedisTransport {
        let transport: any RedisTransport
        if let tls = try tlsContext() {
            transport = try TLSTransport(
                host: sentinel.host, port: sentinel.port, tls: tls, connectTimeout: timeout, socketTimeout: timeout)
        } else {
            transport = try HiredisTransport(
                host: sentinel.host, port: sentinel.port, connectTimeout: timeout, socketTimeout: timeout)
        }
        if let password = settings.password {
            try transport.append(RedisCommand("AUTH", arguments: [settings.username, password].compactMap { $0 }))
            if case .error(let message) = try transport.readReply() {
                throw RedisError(code: .authenticationFailed, command: "AUTH", message: "sentinel refused AUTH: \(message)")
            }
        }
        return transport
    }

    /// Reads `SENTINEL get-master-addr-by-name`: two bulk strings, a host and a port.
    /// - Returns: the address, or nil for a nil reply (this sentinel does not monitor the name).
    /// - Throws: `.protocolError` for anything else, naming what was wrong; `.commandFailed` for
    ///   an error reply, `.authenticationFailed` for a refusal of the (missing) credentials.
    static func masterAddress(from reply: RedisValue) throws(RedisError) -> RedisNodeAddress? {
        func bad(_ why: String) -> RedisError {
            RedisError(code: .protocolError, command: "SENTINEL", message: "unusable master address: \(why)")
        }
        switch reply {
        case .null:
            return nil
        case .error(let message):
            // A sentinel with requirepass answers NOAUTH when no sentinel password is set.
            let refused = message.hasPrefix("NOAUTH") || message.hasPrefix("WRONGPASS") || message.hasPrefix("NOPERM")
            throw RedisError(code: refused ? .authenticationFailed : .commandFailed, command: "SENTINEL", message: message)
        case .array(let parts):
            guard parts.count == 2 else { throw bad("\(parts.count) elements, not 2") }
            guard case .bulk = parts[0], let host = parts[0].string, !host.isEmpty else { throw bad("no host") }
            guard host.utf8.count <= 255, host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw bad("host is not a printable name of at most 255 bytes")
            }
            guard case .bulk = parts[1], let portText = parts[1].string else { throw bad("no port") }
            guard let port = Int(portText), (1...65535).contains(port) else { throw bad("port '\(portText.prefix(16))' is not 1...65535") }
            return RedisNodeAddress(host: host, port: port)
        default:
            throw bad("not an array of host and port")
        }
    }
}
