/// One connection to a Redis server: opens its transport (plain TCP, or TLS for `rediss://`),
/// sends `AUTH` and `SELECT`, then buffers commands and reads replies.
///
/// Used only on its client's thread and never shared. Drop the connection after any I/O error:
/// its transport is dead.
final class RedisConnection {
    private let transport: any RedisTransport
    private let commandTimeout: Duration
    /// Runs first thing in `deinit`, while the socket is still open: the Sentinel registry
    /// forgets the descriptor before it is closed and its number can be reused.
    var onClose: (() -> Void)?

    /// Connects, sets the socket timeout, then sends `AUTH` and `SELECT` when the URL asks for
    /// them. A TLS connection always reads one reply before it counts as connected (`PING` when
    /// there is nothing else to send): a TLS 1.3 server refuses a client certificate only after
    /// the client's side of the handshake has ended, so the refusal arrives with the first reply.
    /// - Parameters:
    ///   - address: the server to connect to; the URL gives the credentials and database.
    ///   - tls: the context to connect with TLS (for a `rediss://` URL); `nil` for plain TCP.
    /// - Throws: `.connectionFailed`, `.tlsFailed`, or `.authenticationFailed` when the server
    ///   rejects `AUTH` or `SELECT`.
    init(configuration: RedisConfiguration, address: RedisNodeAddress, tls: RedisTLSContext?) throws(RedisError) {
        let url = configuration.url
        commandTimeout = configuration.commandTimeout
        if let tls {
            transport = try TLSTransport(
                host: address.host, port: address.port, tls: tls, connectTimeout: configuration.connectTimeout,
                socketTimeout: commandTimeout)
        } else {
            transport = try HiredisTransport(
                host: address.host, port: address.port, connectTimeout: configuration.connectTimeout,
                socketTimeout: commandTimeout)
        }
        var confirmed = false
        if let password = url.password {
            let credentials = [url.username, password].compactMap { $0 }
            try handshake(RedisCommand("AUTH", arguments: credentials))
            confirmed = true
        }
        if url.database != 0 {
            try handshake(RedisCommand("SELECT", url.database))
            confirmed = true
        }
        if tls != nil && !confirmed {
            // Any reply will do, even NOAUTH: it shows the server took the TLS session.
            try handshake(RedisCommand("PING"), refusalIsError: false)
        }
    }

    deinit {
        onClose?()
    }

    /// The socket, for the Sentinel registry.
    var fileDescriptor: Int32 { transport.fileDescriptor }

    /// Sets the socket read/write timeout for the following replies.
    func setSocketTimeout(_ timeout: Duration) throws(RedisError) {
        try transport.setSocketTimeout(timeout)
    }

    /// Restores the configured command timeout after a blocking command.
    func restoreSocketTimeout() throws(RedisError) {
        try transport.setSocketTimeout(commandTimeout)
    }

    /// Buffers one command; nothing is written until ``readReply()``.
    func append(_ command: RedisCommand) throws(RedisError) {
        try transport.append(command)
    }

    /// Writes any buffered commands, then blocks for the next reply.
    /// - Throws: `.connectionLost`, `.timedOut` or `.protocolError` (the connection is then dead);
    ///   the caller names the command with ``RedisError/naming(_:)``.
    func readReply() throws(RedisError) -> RedisValue {
        try transport.readReply()
    }

    /// Sends a connect-time command; an error reply becomes `.authenticationFailed` unless
    /// `refusalIsError` is false.
    private func handshake(_ command: RedisCommand, refusalIsError: Bool = true) throws(RedisError) {
        let name = command.name
        let reply: RedisValue
        do throws(RedisError) {
            try append(command)
            reply = try readReply()
        } catch {
            // A TLS refusal (a client certificate the server wants) keeps its code: it is a
            // setting to fix, not a server that is down.
            throw RedisError(code: error.code == .tlsFailed ? .tlsFailed : .connectionFailed, command: name, message: error.message)
        }
        if refusalIsError, case .error(let message) = reply {
            // The server's message never repeats the password (e.g. "WRONGPASS invalid ...").
            throw RedisError(code: .authenticationFailed, command: name, message: message)
        }
    }
}
