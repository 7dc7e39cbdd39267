import PaylinkRedis

/// What Redis did with one job a worker settled (`OrderQueue.acknowledge`, `OrderQueue.retry`).
public enum SettleOutcome: Sendable, Equatable {
    /// Stored (a final result, or a place in the retry set) and the job ended.
    case stored
    /// The job was no longer held, or its lease was not this order's: nothing of it was changed,
    /// except that a `succeeded` result is stored anyway, since its link exists.
    case notHeld
    /// The order already had a final result (a late link from an earlier job): nothing was
    /// overwritten, and the job was ended.
    case alreadyFinal
    /// Redis refused this job's writes (for example a key of the wrong type); the others in the
    /// same call are unaffected, and the job's lease stays until recovery takes it back.
    case refused(String)

    /// Reads one element of a settling script's reply.
    init(reply: RedisValue) {
        switch reply.int {
        case 1?: self = .stored
        case 2?: self = .alreadyFinal
        case 0?: self = .notHeld
        default: self = .refused(reply.string ?? "unexpected reply \(reply)")
        }
    }
}
