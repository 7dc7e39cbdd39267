/// One request the endpoint read: only what its handlers look at.
public struct EndpointRequest: Sendable, Equatable {
    /// `GET` or `HEAD`; other methods are answered 405 before any handler runs.
    public var method: String
    /// The path without its query string, e.g. `/metrics`.
    public var path: String

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }
}
