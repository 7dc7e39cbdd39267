/// One minute or one UTC day of a queue's outcomes (summed over its shards when read through
/// `QueueShards`): how many orders reached each final status in it, and how many unreadable
/// elements went to the dead list.
public struct ThroughputBucket: Sendable, Equatable, Hashable {
    /// Where the bucket begins: Unix ms of Redis's clock (a minute's start, or UTC midnight).
    public var start: Int64
    public var succeeded = 0
    public var failed = 0
    public var invalid = 0
    public var unknown = 0
    public var rejected = 0

    public init(start: Int64) {
        self.start = start
    }

    /// Every outcome of the bucket added up.
    public var total: Int { ThroughputOutcome.allCases.reduce(0) { Self.adding($0, self[$1]) } }

    /// The count of one outcome.
    public subscript(outcome: ThroughputOutcome) -> Int {
        get {
            switch outcome {
            case .succeeded: succeeded
            case .failed: failed
            case .invalid: invalid
            case .unknown: unknown
            case .rejected: rejected
            }
        }
        set {
            switch outcome {
            case .succeeded: succeeded = newValue
            case .failed: failed = newValue
            case .invalid: invalid = newValue
            case .unknown: unknown = newValue
            case .rejected: rejected = newValue
            }
        }
    }

    /// Adds another bucket's counts (a shard's), saturating: counts come from Redis, where
    /// anyone with write access could have stored a huge one.
    public mutating func add(_ other: ThroughputBucket) {
        for outcome in ThroughputOutcome.allCases { self[outcome] = Self.adding(self[outcome], other[outcome]) }
    }

    static func adding(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
