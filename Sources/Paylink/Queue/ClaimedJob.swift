/// An element taken from a queue, held under a lease until acknowledged.
public struct ClaimedJob: Sendable {
    /// Unique per claim; a job that goes back to the queue gets a new one when claimed again, so
    /// a worker whose lease expired cannot acknowledge over the new holder.
    public var jobId: String
    /// The element exactly as the producer pushed it.
    public var element: [UInt8]
    /// Which call this is for the order (1 for the first), counted in Redis across retries,
    /// recoveries and workers; 0 when the claim could not read an orderId from the element.
    public var attempt: Int

    public init(jobId: String, element: [UInt8], attempt: Int) {
        self.jobId = jobId
        self.element = element
        self.attempt = attempt
    }
}
