/// One live worker process in `paylink workers --json`, `paylink status --json` and the
/// dashboard's `/api/workers`.
public struct WorkerOutput: Codable, Equatable, Sendable {
    public var id: String
    public var host: String
    public var pid: Int?
    public var version: String
    public var queues: [String]
    public var concurrency: Int?
    public var inFlight: Int?
    public var ordersDone: Int?
    /// Unix ms, Redis clock.
    public var startedAt: Int64?
    /// Unix ms, Redis clock.
    public var lastBeat: Int64
    /// Milliseconds since the last beat, by Redis's clock at the time of reading.
    public var lastBeatAgeMs: Int64

    public init(_ worker: LiveWorker, now: Int64) {
        id = worker.workerId
        host = worker.host
        pid = worker.pid
        version = worker.version
        queues = worker.queues
        concurrency = worker.concurrency
        inFlight = worker.inflight
        ordersDone = worker.ordersDone
        startedAt = worker.startedAt
        lastBeat = worker.lastBeat
        lastBeatAgeMs = max(0, now &- worker.lastBeat)
    }
}

/// `paylink workers --json`.
public struct WorkersOutput: Codable, Equatable, Sendable {
    /// Unix ms, Redis clock, when the list was read.
    public var time: Int64
    public var workers: [WorkerOutput]

    public init(time: Int64, workers: [WorkerOutput]) {
        self.time = time
        self.workers = workers
    }
}
