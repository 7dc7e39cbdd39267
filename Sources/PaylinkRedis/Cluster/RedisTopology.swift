import Synchronization

/// Whether a client talks to one server or to a Redis Cluster: decided once, by its first call.
///
/// Why at the first call rather than from a flag: every paylink process is configured with one
/// Redis URL, and an operator who moves from one Redis to a cluster should only have to change
/// the URL, so the client asks the server (`CLUSTER SHARDS`: a cluster node answers with its
/// map, any other server with an error). The answer costs one round trip per client, once;
/// afterwards each call reads one atomic to pick its path, so the single-server path does what it
/// did before. ``RedisConfiguration/Topology/singleNode`` skips the question (per-node tools).
final class RedisTopology: Sendable {
    enum Mode: UInt8 {
        case undetermined = 0
        case single = 1
        case cluster = 2
    }

    private let decided = Atomic<UInt8>(Mode.undetermined.rawValue)
    /// Whether a caller is asking now, and the callers waiting for its answer.
    private let asking = Mutex<(isAsking: Bool, waiters: [CheckedContinuation<RedisError?, Never>])>((false, []))

    init(_ mode: Mode = .undetermined) {
        decided.store(mode.rawValue, ordering: .releasing)
    }

    var mode: Mode { Mode(rawValue: decided.load(ordering: .acquiring)) ?? .undetermined }

    /// Callers waiting for another caller's answer (their commands wait to be written too).
    var waitingCount: Int { asking.withLock { $0.waiters.count } }

    /// Decides the mode with `probe`, unless another caller is already doing so, in which case
    /// this one waits for that answer. Returns the error that left the mode undecided (the server
    /// could not be reached in time, a wrong password...), for the caller's command to fail with.
    func decide(with probe: () async -> Result<Mode, RedisError>) async -> RedisError? {
        while mode == .undetermined {
            let isAsker = asking.withLock { state -> Bool in
                if state.isAsking { return false }
                state.isAsking = true
                return true
            }
            if isAsker {
                let result = await probe()
                let waiters = asking.withLock { state in
                    if case .success(let mode) = result { decided.store(mode.rawValue, ordering: .releasing) }
                    state.isAsking = false
                    defer { state.waiters.removeAll() }
                    return state.waiters
                }
                guard case .failure(let error) = result else {
                    for waiter in waiters { waiter.resume(returning: nil) }
                    return nil
                }
                // A cancelled asker says nothing about the server: the others ask again.
                for waiter in waiters { waiter.resume(returning: error.code == .cancelled ? nil : error) }
                return error
            }
            let answer: RedisError? = await withCheckedContinuation { continuation in
                let isWaiting = asking.withLock { state -> Bool in
                    guard state.isAsking else { return false }
                    state.waiters.append(continuation)
                    return true
                }
                if !isWaiting { continuation.resume(returning: nil) }
            }
            if let answer { return answer }
        }
        return nil
    }
}
