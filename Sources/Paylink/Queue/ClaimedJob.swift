/// An element taken from a queue, held under a lease until acknowledged.
public struct ClaimedJob: Sendable {
    /// Unique per claim; a job that goes back to the queue gets a new one when claimed again, so
    /// a worker whose lease expired cannot acknowledge over the new holder.
    public var jobId: String
    /// The element exactly as the producer pushed it.
    public var element: [UInt8]
}
