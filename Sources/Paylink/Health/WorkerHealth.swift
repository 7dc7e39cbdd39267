import Synchronization

/// What the probes read of a worker process: its loops (liveness) and whether it is draining.
public final class WorkerHealth: Sendable {
    public let loops = LoopWatch()
    private let draining = Atomic<Bool>(false)

    public init() {}

    /// From the moment SIGTERM arrives: `/readyz` answers 503 until the process exits.
    public func beginDraining() {
        draining.store(true, ordering: .relaxed)
    }

    public var isDraining: Bool { draining.load(ordering: .relaxed) }
}
