/// The one error type of PaylinkRedis: what failed (``code``), on which command, and why.
///
/// Messages come from the server or from hiredis and never include command arguments or
/// passwords, so an error can be logged as is. Use ``mayHaveExecuted`` to decide whether a
/// retry could apply a command twice.
public struct RedisError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare against the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case invalidURL, connectionFailed, authenticationFailed, tlsFailed, connectionLost, timedOut
            case commandFailed, protocolError, cancelled, closed
        }

        private let kind: Kind

        /// The Redis URL could not be parsed.
        public static let invalidURL = Code(kind: .invalidURL)
        /// No connection could be made in time; the command was never sent.
        public static let connectionFailed = Code(kind: .connectionFailed)
        /// The server rejected `AUTH` or `SELECT` on connect.
        public static let authenticationFailed = Code(kind: .authenticationFailed)
        /// The TLS handshake failed (the server's certificate was refused, or the server refused
        /// the client's), or a TLS file could not be used; the command was never sent.
        public static let tlsFailed = Code(kind: .tlsFailed)
        /// The connection broke after the command was written; it may have run.
        public static let connectionLost = Code(kind: .connectionLost)
        /// No reply arrived within the socket timeout; the command may have run.
        public static let timedOut = Code(kind: .timedOut)
        /// The server answered with an error reply.
        public static let commandFailed = Code(kind: .commandFailed)
        /// The reply could not be parsed; the command may have run.
        public static let protocolError = Code(kind: .protocolError)
        /// The caller's task was cancelled before the command was written.
        public static let cancelled = Code(kind: .cancelled)
        /// The client was shut down before the command was written.
        public static let closed = Code(kind: .closed)

        /// A snake_case name for metric labels (`paylink_redis_errors_total{kind}`).
        public var label: String {
            switch kind {
            case .invalidURL: "invalid_url"
            case .connectionFailed: "connection_failed"
            case .authenticationFailed: "authentication_failed"
            case .tlsFailed: "tls_failed"
            case .connectionLost: "connection_lost"
            case .timedOut: "timed_out"
            case .commandFailed: "command_failed"
            case .protocolError: "protocol_error"
            case .cancelled: "cancelled"
            case .closed: "closed"
            }
        }

        /// Every code, for metrics that list each label up front.
        public static let all: [Code] = [
            .invalidURL, .connectionFailed, .authenticationFailed, .tlsFailed, .connectionLost, .timedOut, .commandFailed,
            .protocolError, .cancelled, .closed,
        ]

        public var description: String {
            switch kind {
            case .invalidURL: "invalid URL"
            case .connectionFailed: "connection failed"
            case .authenticationFailed: "authentication failed"
            case .tlsFailed: "TLS failed"
            case .connectionLost: "connection lost"
            case .timedOut: "timed out"
            case .commandFailed: "command failed"
            case .protocolError: "protocol error"
            case .cancelled: "cancelled"
            case .closed: "client closed"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The command name (never its arguments), or `nil` when no command was involved.
    public var command: String?
    /// The server's or hiredis's explanation.
    public var message: String
    /// For a refusal from ``RedisClient/checkedPipeline(_:)``: the positions (0-based) of every
    /// command of the pipeline that the server refused, the first of which this error describes.
    /// Redis runs every command of a pipeline even after refusing one, so all the others took
    /// effect. Empty for any other error.
    public var refusedCommands: [Int] = []

    /// Creates an error; `message` must not contain secrets or command arguments.
    public init(code: Code, command: String? = nil, message: String) {
        self.code = code
        self.command = command
        self.message = message
    }

    /// Whether the command was written to the server, so it may have taken effect.
    ///
    /// `false` means it was certainly not sent and is safe to retry.
    public var mayHaveExecuted: Bool {
        code == .connectionLost || code == .timedOut || code == .protocolError
    }

    public var description: String {
        let subject = command.map { "\($0) failed" } ?? "Redis"
        let suffix = mayHaveExecuted ? "; it may have run" : ""
        return "\(subject): \(code) (\(message))\(suffix)"
    }

    /// The same failure reported for another command of the same batch.
    func naming(_ command: String) -> RedisError {
        RedisError(code: code, command: command, message: message)
    }
}
