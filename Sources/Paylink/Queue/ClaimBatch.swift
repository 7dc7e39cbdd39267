/// What one claim took, and the queue's job counter as the claim found it.
public struct ClaimBatch: Sendable {
    public var jobs: [ClaimedJob]
    /// The job counter before this claim (nil when nothing was waiting). It only grows, so a
    /// value below one this process saw before means Redis went back to an earlier state and
    /// lost writes it had acknowledged.
    public var sequenceBefore: Int64?

    public init(jobs: [ClaimedJob], sequenceBefore: Int64?) {
        self.jobs = jobs
        self.sequenceBefore = sequenceBefore
    }
}
