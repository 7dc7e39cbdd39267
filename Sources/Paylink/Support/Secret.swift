/// A value that must never be printed: an appKey or a bearer token.
///
/// Interpolating it into a log line or error gives `***`; only `reveal()` gives the value, and it is
/// called only where the value goes on the wire.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The real value, for the request that needs it.
    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "***" }
    public var debugDescription: String { "***" }
}
