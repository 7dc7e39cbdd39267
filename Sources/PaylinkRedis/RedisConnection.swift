internal import CHiredis
import Glibc

/// Owner of one hiredis `redisContext`: connects, buffers commands, reads replies.
///
/// Used only on its client's thread and never shared; `deinit` frees the context, so it is freed
/// exactly once. Drop the connection after any I/O error: hiredis marks the context dead.
final class RedisConnection {
    private let context: UnsafeMutablePointer<redisContext>
    private let commandTimeout: Duration

    /// Connects, enables keep-alive, sets the socket timeout, then sends `AUTH` and `SELECT`
    /// when the URL asks for them.
    /// - Throws: `.connectionFailed`, or `.authenticationFailed` when the server rejects them.
    init(configuration: RedisConfiguration) throws(RedisError) {
        let url = configuration.url
        guard let context = redisConnectWithTimeout(url.host, Int32(url.port), timeval(configuration.connectTimeout))
        else {
            throw RedisError(code: .connectionFailed, message: "cannot allocate a hiredis context")
        }
        self.context = context
        self.commandTimeout = configuration.commandTimeout
        if context.pointee.err != 0 {
            throw error(command: nil, connecting: true)
        }
        guard redisEnableKeepAlive(context) == REDIS_OK else { throw error(command: nil, connecting: true) }
        try setSocketTimeout(commandTimeout)
        if let password = url.password {
            let credentials = [url.username, password].compactMap { $0 }
            try handshake(RedisCommand("AUTH", arguments: credentials))
        }
        if url.database != 0 {
            try handshake(RedisCommand("SELECT", url.database))
        }
    }

    deinit {
        redisFree(context)
    }

    /// Sets the socket read/write timeout for the following replies.
    func setSocketTimeout(_ timeout: Duration) throws(RedisError) {
        guard redisSetTimeout(context, timeval(timeout)) == REDIS_OK else {
            throw error(command: nil, connecting: false)
        }
    }

    /// Restores the configured command timeout after a blocking command.
    func restoreSocketTimeout() throws(RedisError) {
        try setSocketTimeout(commandTimeout)
    }

    /// Buffers one command; nothing is written until ``readReply()``.
    func append(_ command: RedisCommand) throws(RedisError) {
        // Two appends make one command: hiredis only concatenates them into its output buffer.
        // A failure after the first leaves half a command there, and the caller drops the
        // connection on any error.
        var status = RESPEncoder.withHeader(count: command.count) { header in append(header) }
        if status == REDIS_OK {
            status = command.body.withUnsafeBufferPointer { append($0) }
        }
        guard status == REDIS_OK else {
            throw RedisError(code: .protocolError, message: "hiredis could not buffer the command")
        }
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        bytes.withMemoryRebound(to: CChar.self) { chars in
            redisAppendFormattedCommand(context, chars.baseAddress, chars.count)
        }
    }

    /// Writes any buffered commands, then blocks for the next reply.
    /// - Throws: `.connectionLost`, `.timedOut` or `.protocolError` (the connection is then dead);
    ///   the caller names the command with ``RedisError/naming(_:)``.
    func readReply() throws(RedisError) -> RedisValue {
        var raw: UnsafeMutableRawPointer?
        let status = redisGetReply(context, &raw)
        guard status == REDIS_OK, let raw else { throw error(command: nil, connecting: false) }
        defer { freeReplyObject(raw) }
        return RedisValue(reply: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Sends a connect-time command; an error reply becomes `.authenticationFailed`.
    private func handshake(_ command: RedisCommand) throws(RedisError) {
        let name = command.name
        let reply: RedisValue
        do throws(RedisError) {
            try append(command)
            reply = try readReply()
        } catch {
            throw RedisError(code: .connectionFailed, command: name, message: error.message)
        }
        if case .error(let message) = reply {
            // The server's message never repeats the password (e.g. "WRONGPASS invalid ...").
            throw RedisError(code: .authenticationFailed, command: name, message: message)
        }
    }

    /// Turns hiredis's `err`/`errstr` into a ``RedisError`` naming the command.
    ///
    /// Called right after the failing hiredis call, so `errno` still tells a socket timeout
    /// (`EAGAIN`, reported by hiredis as "Resource temporarily unavailable") from other errors.
    private func error(command: String?, connecting: Bool) -> RedisError {
        let savedErrno = errno
        let code = context.pointee.err
        let message = withUnsafeBytes(of: context.pointee.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        let timeoutMessage = "Resource temporarily unavailable"
        let errorCode: RedisError.Code =
            if connecting {
                .connectionFailed
            } else if code == REDIS_ERR_PROTOCOL {
                .protocolError
            } else if code == REDIS_ERR_IO
                && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK || message == timeoutMessage)
            {
                .timedOut
            } else {
                .connectionLost
            }
        return RedisError(
            code: errorCode, command: command, message: message.isEmpty ? "hiredis error \(code)" : message)
    }
}

extension RedisValue {
    /// Copies a hiredis reply tree; the caller still frees it with `freeReplyObject`.
    fileprivate init(reply: UnsafePointer<redisReply>) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            self = .bulk(Array(UnsafeRawBufferPointer(start: node.str, count: node.len)))
        case REDIS_REPLY_STATUS:
            self = .status(Self.text(node))
        case REDIS_REPLY_ERROR:
            self = .error(Self.text(node))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(node.integer))
        case REDIS_REPLY_ARRAY:
            let elements = UnsafeBufferPointer(start: node.element, count: node.elements)
            self = .array(elements.map { element in element.map { RedisValue(reply: $0) } ?? .null })
        default:
            self = .null
        }
    }

    private static func text(_ node: redisReply) -> String {
        String(decoding: UnsafeRawBufferPointer(start: node.str, count: node.len), as: UTF8.self)
    }
}

extension timeval {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
