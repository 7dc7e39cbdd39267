import PaylinkRedis

/// What Redis did with one job a worker settled (`OrderQueue.acknowledge`, `OrderQueue.retry`).
public enum SettleOutcome: Sendable, Equatable {
    /// Stored (a final result, or a place in the retry set) and the job ended; a final result
    /// was counted in `counts`. `flagged`: the `succeeded` result is marked `possibleDuplicate`.
    case stored(flagged: Bool)
    /// The job was no longer held, yet its `succeeded` result was stored (counted), since its
    /// link exists: a late link. `flagged` as for `stored`.
    case storedWithoutLease(flagged: Bool)
    /// The order had succeeded already with another link: the new one is recorded in
    /// `otherPaymentIds` and the order flagged; nothing counted again; the job ended if `held`.
    case secondLink(held: Bool)
    /// The job was no longer held, or its lease was not this order's: nothing of it was changed.
    case notHeld
    /// The order already had a final result (a late link from an earlier job, or this same link
    /// stored before): nothing was overwritten, and the job was ended.
    case alreadyFinal
    /// Redis refused this job's writes (for example a key of the wrong type); the others in the
    /// same call are unaffected, and the job's lease stays until recovery takes it back.
    case refused(String)

    /// Stored and not flagged: what most calls expect.
    public static let stored = SettleOutcome.stored(flagged: false)

    /// Whether this job's result (or retry) is now in Redis.
    public var isStored: Bool {
        switch self {
        case .stored, .storedWithoutLease: true
        default: false
        }
    }

    /// Reads one element of a settling script's reply.
    init(reply: RedisValue) {
        switch reply.int {
        case 1?: self = .stored(flagged: false)
        case 11?: self = .stored(flagged: true)
        case 3?: self = .storedWithoutLease(flagged: false)
        case 13?: self = .storedWithoutLease(flagged: true)
        case 4?: self = .secondLink(held: true)
        case 5?: self = .secondLink(held: false)
        case 2?: self = .alreadyFinal
        case 0?: self = .notHeld
        default: self = .refused(reply.string ?? "unexpected reply \(reply)")
        }
    }
}
