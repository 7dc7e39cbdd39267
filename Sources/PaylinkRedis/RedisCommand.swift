/// One Redis command with its arguments, encoded for the wire (RESP) when it is created.
///
/// ```swift
/// let reply = try await client.send(RedisCommand("LPUSH", key, payload))
/// ```
public struct RedisCommand: Sendable {
    /// The name as the caller wrote it (usually a literal: nothing to allocate per command).
    private let givenName: String
    /// The arguments as Redis reads them, without the `*<count>` header.
    let body: [UInt8]
    /// How many arguments `body` holds, the name included.
    let count: Int

    /// Creates a command from a name and variadic arguments.
    public init(_ name: String, _ arguments: any RedisArgumentConvertible...) {
        self.init(name, arguments: arguments)
    }

    /// Creates a command from a name and an argument list built at run time.
    public init(_ name: String, arguments: [any RedisArgumentConvertible]) {
        self.init(name, argumentCount: arguments.count) { encoder in
            for argument in arguments { argument.encodeRedisArgument(into: &encoder) }
        }
    }

    /// Creates a command whose arguments `encode` writes one by one, for long argument lists
    /// built on the hot path without an array of them. `argumentCount` and `byteCount` (the
    /// arguments' total length, when the caller knows it) only size the buffer.
    public init(_ name: String, argumentCount: Int, byteCount: Int = 0, encode: (inout RESPEncoder) -> Void) {
        // About 10 bytes of framing per argument (`$`, the length, two CRLFs) on top of the data.
        let dataBytes = byteCount > 0 ? byteCount : argumentCount * 12
        var encoder = RESPEncoder(reservingCapacity: 16 + name.utf8.count + argumentCount * 10 + dataBytes)
        encoder.appendBulk(name.utf8)
        encode(&encoder)
        self.givenName = name
        self.body = encoder.bytes
        self.count = encoder.count
    }

    /// The whole command as Redis reads it (tests).
    var encoded: [UInt8] {
        RESPEncoder.withHeader(count: count) { Array($0) } + body
    }

    /// The upper-cased command name, for errors and logs.
    ///
    /// It never includes the arguments: they may hold secrets or payloads.
    public var name: String { givenName.uppercased() }

    /// The command name followed by its arguments, decoded back from the wire form (tests).
    public var arguments: [[UInt8]] {
        RESPEncoder.decodeArguments(encoded)
    }
}

extension RESPEncoder {
    /// The bulk strings of an encoded command (only what `RedisCommand` writes is understood).
    static func decodeArguments(_ encoded: [UInt8]) -> [[UInt8]] {
        var arguments: [[UInt8]] = []
        var index = encoded.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? encoded.endIndex
        while index < encoded.endIndex, encoded[index] == UInt8(ascii: "$") {
            guard let lineEnd = encoded[index...].firstIndex(of: UInt8(ascii: "\r")),
                let length = Int(String(decoding: encoded[(index + 1)..<lineEnd], as: UTF8.self))
            else { break }
            let start = lineEnd + 2
            arguments.append(Array(encoded[start..<(start + length)]))
            index = start + length + 2
        }
        return arguments
    }
}
