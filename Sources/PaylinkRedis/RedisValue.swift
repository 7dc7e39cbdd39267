/// One decoded Redis reply (RESP2).
///
/// `send` throws for a top-level error reply, so ``error(_:)`` is seen only inside
/// pipelines, `MULTI`/`EXEC` results and script replies.
public enum RedisValue: Sendable, Hashable {
    /// A simple string such as `OK` or `PONG`.
    case status(String)
    /// A binary-safe bulk string.
    case bulk([UInt8])
    /// An integer reply.
    case integer(Int64)
    /// A multi-bulk reply.
    case array([RedisValue])
    /// A nil bulk or nil multi-bulk reply (missing key, timed-out blocking pop).
    case null
    /// An error reply, with the server's message (for example `ERR unknown command`).
    case error(String)

    /// The text of a status or bulk reply, when it is valid UTF-8.
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// An integer reply, or a status or bulk reply holding a decimal integer (as `GET` returns).
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .status, .bulk: string.flatMap { Int64($0) }
        default: nil
        }
    }

    /// The elements of an array reply.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The raw bytes of a bulk reply, or the UTF-8 bytes of a status reply.
    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let bytes): bytes
        case .status(let text): Array(text.utf8)
        default: nil
        }
    }

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }
}
