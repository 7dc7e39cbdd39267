/// A value that can be sent as one binary-safe Redis command argument.
public protocol RedisArgumentConvertible: Sendable {
    /// The argument's bytes as Redis receives them.
    var redisArgument: [UInt8] { get }

    /// Writes the argument as one RESP bulk string. The default goes through `redisArgument`;
    /// strings and integers write their bytes directly, with no array of their own.
    func encodeRedisArgument(into encoder: inout RESPEncoder)
}

extension RedisArgumentConvertible {
    public func encodeRedisArgument(into encoder: inout RESPEncoder) {
        encoder.appendBulk(redisArgument)
    }
}

extension String: RedisArgumentConvertible {
    /// The UTF-8 bytes of the string.
    public var redisArgument: [UInt8] { Array(utf8) }

    public func encodeRedisArgument(into encoder: inout RESPEncoder) {
        encoder.appendBulk(utf8)
    }
}

extension Substring: RedisArgumentConvertible {
    /// The UTF-8 bytes of the substring.
    public var redisArgument: [UInt8] { Array(utf8) }

    public func encodeRedisArgument(into encoder: inout RESPEncoder) {
        encoder.appendBulk(utf8)
    }
}

extension Int: RedisArgumentConvertible {
    /// The decimal text of the integer.
    public var redisArgument: [UInt8] { Array(String(self).utf8) }

    public func encodeRedisArgument(into encoder: inout RESPEncoder) {
        encoder.appendBulk(decimal: Int64(self))
    }
}

extension Int64: RedisArgumentConvertible {
    /// The decimal text of the integer.
    public var redisArgument: [UInt8] { Array(String(self).utf8) }

    public func encodeRedisArgument(into encoder: inout RESPEncoder) {
        encoder.appendBulk(decimal: self)
    }
}

extension Double: RedisArgumentConvertible {
    /// The shortest decimal text that round-trips (`1.5`, `1e+20`, `inf`), as Redis parses it.
    public var redisArgument: [UInt8] { Array(description.utf8) }
}

extension Array: RedisArgumentConvertible where Element == UInt8 {
    /// The bytes themselves, unchanged (NUL and non-UTF-8 bytes included).
    public var redisArgument: [UInt8] { self }
}
