/// What one claim took, and the queue's job counter as the claim found it.
public struct ClaimBatch: Sendable {
    public var jobs: [ClaimedJob]
    /// The job counter before this claim (nil when nothing was waiting). It only grows, so a
    /// value below one this process saw before means Redis went back to an earlier state and
    /// lost writes it had acknowledged.
    public var sequenceBefore: Int64?
    /// The operator's reason when the queue is paused (`paylink queue pause`): nothing was taken,
    /// and nothing will be until it is resumed. Nil when the queue is not paused.
    public var pausedReason: String?

    /// Whether the queue is paused (then `jobs` is empty).
    public var paused: Bool { pausedReason != nil }

    public init(jobs: [ClaimedJob], sequenceBefore: Int64?, pausedReason: String? = nil) {
        self.jobs = jobs
        self.sequenceBefore = sequenceBefore
        self.pausedReason = pausedReason
    }
}
