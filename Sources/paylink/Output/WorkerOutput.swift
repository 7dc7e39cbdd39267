import Paylink

/// One live worker process in `paylink workers --json` and `paylink status --json`.
struct WorkerOutput: Codable, Equatable {
    var id: String
    var host: String
    var pid: Int?
    var version: String
    var queues: [String]
    var concurrency: Int?
    var inFlight: Int?
    var ordersDone: Int?
    /// Unix ms, Redis clock.
    var startedAt: Int64?
    /// Unix ms, Redis clock.
    var lastBeat: Int64
    /// Milliseconds since the last beat, by Redis's clock at the time of reading.
    var lastBeatAgeMs: Int64

    init(_ worker: LiveWorker, now: Int64) {
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
struct WorkersOutput: Codable, Equatable {
    /// Unix ms, Redis clock, when the list was read.
    var time: Int64
    var workers: [WorkerOutput]
}
