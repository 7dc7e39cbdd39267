internal import CHiredis
import Glibc

/// Plain TCP: one hiredis `redisContext` connects, buffers commands, writes and parses replies.
///
/// `deinit` frees the context, so it is freed exactly once. Drop the transport after any I/O
/// error: hiredis marks the context dead.
final class HiredisTransport: RedisTransport {
    private let context: UnsafeMutablePointer<redisContext>

    /// Connects with keep-alive and the given socket timeout.
    /// - Throws: `.connectionFailed`.
    init(host: String, port: Int, connectTimeout: Duration, socketTimeout: Duration) throws(RedisError) {
        context = try Self.connect(host: host, port: port, timeout: connectTimeout)
        do throws(RedisError) {
            try setSocketTimeout(socketTimeout)
        } catch {
            redisFree(context)
            throw RedisError(code: .connectionFailed, message: error.message)
        }
    }

    deinit {
        redisFree(context)
    }

    /// A connected blocking socket with TCP keep-alive, in a hiredis context: the TLS transport
    /// uses it for the socket alone (its fd and `redisSetTimeout`).
    static func connect(host: String, port: Int, timeout: Duration) throws(RedisError)
        -> UnsafeMutablePointer<redisContext>
    {
        guard let context = redisConnectWithTimeout(host, Int32(port), timeval(timeout)) else {
            throw RedisError(code: .connectionFailed, message: "cannot allocate a hiredis context")
        }
        guard context.pointee.err == 0, redisEnableKeepAlive(context) == REDIS_OK else {
            let error = error(of: context, connecting: true)
            redisFree(context)
            throw error
        }
        return context
    }

    var fileDescriptor: Int32 { context.pointee.fd }

    func setSocketTimeout(_ timeout: Duration) throws(RedisError) {
        guard redisSetTimeout(context, timeval(timeout)) == REDIS_OK else {
            throw Self.error(of: context, connecting: false)
        }
    }

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

    func readReply() throws(RedisError) -> RedisValue {
        var raw: UnsafeMutableRawPointer?
        let status = redisGetReply(context, &raw)
        guard status == REDIS_OK, let raw else { throw Self.error(of: context, connecting: false) }
        defer { freeReplyObject(raw) }
        return RedisValue(reply: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// A reply already read off the socket and parsed, if any: several messages can arrive in one
    /// read, and `poll(2)` does not see the ones left in hiredis's buffer. No I/O.
    func bufferedReply() throws(RedisError) -> RedisValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReplyFromReader(context, &raw) == REDIS_OK else {
            throw Self.error(of: context, connecting: false)
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return RedisValue(reply: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Turns hiredis's `err`/`errstr` into a ``RedisError``.
    ///
    /// Called right after the failing hiredis call, so `errno` still tells a socket timeout
    /// (`EAGAIN`, reported by hiredis as "Resource temporarily unavailable") from other errors.
    private static func error(of context: UnsafeMutablePointer<redisContext>, connecting: Bool) -> RedisError {
        let savedErrno = errno
        let code = context.pointee.err
        let message = cString(context.pointee.errstr)
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
        return RedisError(code: errorCode, message: message.isEmpty ? "hiredis error \(code)" : message)
    }
}
