internal import CHiredis
internal import CRedisTLS
import Glibc

/// TLS over TCP: hiredis connects the socket (timeout, keep-alive, `SO_RCVTIMEO`/`SO_SNDTIMEO`),
/// CRedisTLS runs the handshake and the records on it, and hiredis's `redisReader` parses the
/// decrypted replies. Commands are the same RESP bytes as on the plain path.
///
/// Owns the socket's context, the TLS session and the reader, freed once in `deinit`. Blocking,
/// like hiredis: it runs only on its client's own thread. Drop it after any error.
final class TLSTransport: RedisTransport {
    private let socket: UnsafeMutablePointer<redisContext>
    private let session: OpaquePointer
    private let reader: UnsafeMutablePointer<redisReader>
    /// Commands appended since the last write.
    private var output: [UInt8] = []
    /// One TLS record's worth (16 KiB, the largest record) of decrypted input at a time.
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 8)
    private let hasClientCertificate: Bool

    /// Connects, then runs the TLS handshake within `connectTimeout` (a budget of its own, after
    /// the TCP connect's).
    /// - Parameter host: what the certificate must name, and the SNI name when it is not an address.
    /// - Throws: `.connectionFailed` when the server cannot be reached or stops answering;
    ///   `.tlsFailed` when the handshake or the certificate check fails, naming the cause.
    init(
        host: String, port: Int, tls: RedisTLSContext, connectTimeout: Duration, socketTimeout: Duration
    ) throws(RedisError) {
        let socket = try HiredisTransport.connect(host: host, port: port, timeout: connectTimeout)
        guard redisSetTimeout(socket, timeval(connectTimeout)) == REDIS_OK else {
            let message = cString(socket.pointee.errstr)
            redisFree(socket)
            throw RedisError(code: .connectionFailed, message: message)
        }
        var error = CRedisTLS_error()
        guard let session = CRedisTLS_connect(tls.context, socket.pointee.fd, host, &error) else {
            redisFree(socket)
            throw Self.handshakeError(error, host: host, port: port, tls: tls)
        }
        guard let reader = redisReaderCreate() else {
            CRedisTLS_session_free(session)
            redisFree(socket)
            throw RedisError(code: .connectionFailed, message: "cannot allocate a hiredis reader")
        }
        self.socket = socket
        self.session = session
        self.reader = reader
        hasClientCertificate = tls.hasClientCertificate
        try setSocketTimeout(socketTimeout)
    }

    deinit {
        redisReaderFree(reader)
        CRedisTLS_session_free(session)
        redisFree(socket)
        input.deallocate()
    }

    var fileDescriptor: Int32 { socket.pointee.fd }

    func setSocketTimeout(_ timeout: Duration) throws(RedisError) {
        guard redisSetTimeout(socket, timeval(timeout)) == REDIS_OK else {
            throw RedisError(code: .connectionLost, message: cString(socket.pointee.errstr))
        }
    }

    func append(_ command: RedisCommand) throws(RedisError) {
        RESPEncoder.withHeader(count: command.count) { header in output.append(contentsOf: header) }
        output.append(contentsOf: command.body)
    }

    func readReply() throws(RedisError) -> RedisValue {
        if !output.isEmpty { try flush() }
        while true {
            if let reply = try bufferedReply() { return reply }
            var error = CRedisTLS_error()
            let count = CRedisTLS_read(session, input.baseAddress, input.count, &error)
            guard count > 0 else { throw ioError(error) }
            guard redisReaderFeed(reader, input.baseAddress?.assumingMemoryBound(to: CChar.self), count) == REDIS_OK
            else {
                throw RedisError(code: .protocolError, message: cString(reader.pointee.errstr))
            }
        }
    }

    /// A reply already decrypted and parsed, if any; no I/O. A TLS record is read whole (the
    /// input buffer is the largest record), so nothing decrypted waits inside OpenSSL unseen
    /// by `poll(2)`: only what the reader holds, which this returns.
    func bufferedReply() throws(RedisError) -> RedisValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            throw RedisError(code: .protocolError, message: cString(reader.pointee.errstr))
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return RedisValue(reply: raw.assumingMemoryBound(to: redisReply.self))
    }

    private func flush() throws(RedisError) {
        var error = CRedisTLS_error()
        let status = output.withUnsafeBytes { bytes in
            CRedisTLS_write(session, bytes.baseAddress, bytes.count, &error)
        }
        guard status == 0 else { throw ioError(error) }
        // A huge command (a big pipeline) should not keep its buffer for the connection's life.
        output.removeAll(keepingCapacity: output.capacity <= 256 * 1024)
    }

    /// A failure after the handshake: the command may have been (partly) sent.
    private func ioError(_ error: CRedisTLS_error) -> RedisError {
        let code: RedisError.Code =
            switch error.status {
            case CRedisTLS_timed_out: .timedOut
            case CRedisTLS_closed, CRedisTLS_io_error: .connectionLost
            // TLS 1.3 servers check the client certificate after the client's handshake ends, so
            // a refusal arrives with the first reply; RedisConnection reads one while connecting.
            case CRedisTLS_client_certificate_required, CRedisTLS_client_certificate_refused: .tlsFailed
            default: .protocolError
            }
        let unconfigured = error.status == CRedisTLS_client_certificate_required && !hasClientCertificate
        return RedisError(code: code, message: "TLS: " + cString(error.message) + (unconfigured ? "; none is configured" : ""))
    }

    private static func handshakeError(_ error: CRedisTLS_error, host: String, port: Int, tls: RedisTLSContext) -> RedisError {
        var message = "TLS handshake with \(host):\(port) failed: " + cString(error.message)
        switch error.status {
        case CRedisTLS_timed_out:
            // A plain Redis port takes the ClientHello for an unfinished command and waits.
            return RedisError(
                code: .connectionFailed,
                message: "TLS handshake with \(host):\(port) failed: the server did not complete it in time (is this a plain redis:// port?)")
        case CRedisTLS_closed, CRedisTLS_io_error:
            return RedisError(code: .connectionFailed, message: message)
        case CRedisTLS_name_mismatch:
            message += ", not \(host)"
        case CRedisTLS_client_certificate_required where !tls.hasClientCertificate:
            message += "; none is configured"
        default:
            break
        }
        return RedisError(code: .tlsFailed, message: message)
    }
}
