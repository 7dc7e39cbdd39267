/// One Redis command with its arguments, ready to send.
///
/// ```swift
/// let reply = try await client.send(RedisCommand("LPUSH", key, payload))
/// ```
public struct RedisCommand: Sendable {
    /// The command name followed by its arguments, each binary safe.
    public let arguments: [[UInt8]]

    /// Creates a command from a name and variadic arguments.
    public init(_ name: String, _ arguments: any RedisArgumentConvertible...) {
        self.init(name, arguments: arguments)
    }

    /// Creates a command from a name and an argument list built at run time.
    public init(_ name: String, arguments: [any RedisArgumentConvertible]) {
        var all: [[UInt8]] = [Array(name.utf8)]
        all.reserveCapacity(arguments.count + 1)
        for argument in arguments { all.append(argument.redisArgument) }
        self.arguments = all
    }

    /// The upper-cased command name, for errors and logs.
    ///
    /// It never includes the arguments: they may hold secrets or payloads.
    public var name: String {
        String(decoding: arguments.first ?? [], as: UTF8.self).uppercased()
    }
}
