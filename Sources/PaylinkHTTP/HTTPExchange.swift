/// What an ``HTTPClientConfiguration/observer`` learns of each finished request: enough for
/// metrics (which endpoint, what class of answer, how long), never headers or bodies.
public struct HTTPExchange: Sendable {
    /// The request's URL as given (callers sort it into endpoints; it holds no credentials here,
    /// since paylink's bearer token travels in a header).
    public var url: String
    /// The final status code, or nil when no response arrived.
    public var status: Int?
    /// Why no response arrived, when `status` is nil.
    public var failure: HTTPClientError.Code?
    /// curl's total time for the transfer (name lookup to last byte).
    public var totalTime: Duration
}
