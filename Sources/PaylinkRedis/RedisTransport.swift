/// The byte stream under a ``RedisConnection``: buffers encoded commands, writes them, and parses
/// replies, with the socket's read/write timeout settable between round trips.
///
/// Two kinds: ``HiredisTransport`` (plain TCP, hiredis does everything) and ``TLSTransport``
/// (hiredis connects the socket, OpenSSL encrypts it, hiredis's reader parses). Both connect to a
/// host and port given apart from the URL, so a resolver (Sentinel) can choose them first.
/// Used on one thread only, like the connection that owns it.
protocol RedisTransport: AnyObject {
    /// Buffers one command; nothing is written until ``readReply()``.
    func append(_ command: RedisCommand) throws(RedisError)
    /// Writes any buffered commands, then blocks for the next reply.
    /// - Throws: `.connectionLost`, `.timedOut` or `.protocolError`; the transport is then dead.
    func readReply() throws(RedisError) -> RedisValue
    /// A reply already read off the socket and parsed, if any; no I/O. `poll(2)` does not see
    /// replies left in the transport's buffer (several can arrive in one read).
    func bufferedReply() throws(RedisError) -> RedisValue?
    /// Sets the socket read/write timeout for the following writes and replies.
    func setSocketTimeout(_ timeout: Duration) throws(RedisError)
    /// The socket, for poll(2) and for shutdown(2) by the Sentinel watcher; valid while the
    /// transport lives (it closes the socket when freed).
    var fileDescriptor: Int32 { get }
}
