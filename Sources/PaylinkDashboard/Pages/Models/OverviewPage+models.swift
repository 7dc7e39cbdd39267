import Paylink

/// The overview built from the API's answers, so the page shows exactly what `/api/overview`
/// and `/api/workers` say.
extension OverviewPage {
    init(
        chrome: PageChrome, overview: OverviewModel, workers: WorkersModel,
        minutes: [(start: Int64, succeeded: Int, failed: Int)], days: [(start: Int64, succeeded: Int, failed: Int)],
        throughputProblem: String?
    ) {
        self.chrome = chrome
        var rows: [QueueRow] = []
        for queue in overview.queues {
            for (index, shard) in queue.shards.enumerated() {
                rows.append(QueueRow(shard, isShard: queue.sharded && index > 0))
            }
        }
        queues = rows
        self.minutes = Chart(buckets: minutes, bucketSeconds: 60)
        self.days = Chart(buckets: days, bucketSeconds: 86_400)
        self.throughputProblem = throughputProblem
        self.workers = workers.workers.map(WorkerRow.init)
    }
}

extension OverviewPage.QueueRow {
    init(_ shard: ShardOverviewModel, isShard: Bool) {
        let figures = shard.figures
        name = shard.name
        query = PageQuery.encode(shard.name)
        self.isShard = isShard
        pending = Figure(figures.pending)
        inflight = Figure(figures.inFlight)
        retrying = Figure(figures.retrying)
        dead = Figure(figures.dead)
        unknown = Figure(figures.unknown)
        oldestAge = figures.pending > 0 && figures.oldestPendingAgeMs > 0 ? PageText.age(figures.oldestPendingAgeMs) : nil
        paused = shard.pause != nil
        pauseReason = shard.pause?.reason ?? ""
        let since = shard.pause?.since.map { " at " + PageText.utc($0) } ?? ""
        pauseTitle = shard.pause.map { "paused by \($0.by)\(since)" } ?? ""
    }
}

extension OverviewPage.WorkerRow {
    init(_ model: WorkerModel) {
        let worker = model.worker
        id = worker.id
        queues = worker.queues.joined(separator: ", ")
        version = worker.version
        inflight = worker.inFlight.map(PageText.count) ?? "?"
        concurrency = worker.concurrency.map(PageText.count) ?? "?"
        ordersDone = worker.ordersDone.map(PageText.count) ?? "?"
        rate = model.ordersPerSecond.map { PageText.rate($0) + "/s" } ?? "…"
        startedAtMs = worker.startedAt ?? 0
        startedAt = PageText.utc(worker.startedAt ?? 0)
        lastBeatMs = worker.lastBeat
        lastBeat = PageText.utc(worker.lastBeat)
    }
}
