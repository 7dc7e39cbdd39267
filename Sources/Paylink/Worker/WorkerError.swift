import PaylinkRedis

/// Why a worker stopped by itself (other than refused credentials, which stop it with the
/// `PayFailure`): something it needs is gone for good, so it exits non-zero instead of taking
/// orders it cannot process. Its orders come back through their release or their leases.
public struct WorkerError: Error, Sendable, CustomStringConvertible {
    /// The kind of stop; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case httpClientClosed, redisClientClosed, unsupportedRedis
        }

        private let value: Value

        /// The HTTP client was shut down or its event loop failed: no API call can be made.
        public static let httpClientClosed = Code(value: .httpClientClosed)
        /// A Redis client was shut down (or could not start its thread): no order can be settled.
        public static let redisClientClosed = Code(value: .redisClientClosed)
        /// The Redis server lacks commands the queue needs.
        public static let unsupportedRedis = Code(value: .unsupportedRedis)

        public var description: String {
            switch value {
            case .httpClientClosed: "HTTP client closed"
            case .redisClientClosed: "Redis client closed"
            case .unsupportedRedis: "unsupported Redis"
            }
        }
    }

    public var code: Code
    /// What happened, for the log and the exit message.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static let httpClientClosed = WorkerError(
        code: .httpClientClosed, message: "the HTTP client is closed for good (shut down, or its event loop failed); no API call can succeed")

    static func unsupportedRedis(_ version: RedisVersion, at endpoint: String) -> WorkerError {
        WorkerError(
            code: .unsupportedRedis,
            message: "Redis \(version) at \(endpoint) is too old: paylink needs Redis \(RedisVersion.minimum) or later (RPOP with a count, BLMOVE)")
    }

    static func redisClientClosed(_ error: RedisError) -> WorkerError {
        WorkerError(code: .redisClientClosed, message: "the Redis client is closed for good: \(error)")
    }
}
