import Paylink

extension BatchListPage.Row {
    init(_ batch: BatchOutput, queue: String, showQueue: Bool) {
        id = batch.batchId
        href = "/batches/" + PageQuery.encode(batch.batchId) + PageQuery.string([("queue", queue)])
        createdAtMs = batch.createdAt ?? 0
        createdAt = PageText.utc(batch.createdAt ?? 0)
        progress = BatchProgress(total: batch.total, succeeded: batch.succeeded, failed: batch.failed, invalid: batch.invalid, unknown: batch.unknown)
        total = PageText.count(batch.total)
        succeeded = PageText.count(batch.succeeded)
        failed = PageText.count(batch.failed)
        invalid = PageText.count(batch.invalid)
        unknown = PageText.count(batch.unknown)
        pending = PageText.count(batch.pending)
        failedZero = batch.failed == 0
        invalidZero = batch.invalid == 0
        unknownZero = batch.unknown == 0
        pendingZero = batch.pending == 0
        finishedAtMs = batch.finishedAt
        finishedAt = PageText.utc(batch.finishedAt ?? 0)
    }
}

extension BatchPage {
    init(chrome: PageChrome, model: BatchModel) {
        let batch = model.batch
        self.chrome = chrome
        queue = model.queue
        id = batch.batchId
        notFound = false
        exportHref = "/api/batch/export" + PageQuery.string([("queue", model.queue), ("id", batch.batchId), ("format", "csv")])
        total = PageText.count(batch.total)
        succeeded = PageText.count(batch.succeeded)
        failed = PageText.count(batch.failed)
        invalid = PageText.count(batch.invalid)
        unknown = PageText.count(batch.unknown)
        pending = PageText.count(batch.pending)
        percentDone = PageText.percent(batch.done, of: batch.total)
        progress = BatchProgress(total: batch.total, succeeded: batch.succeeded, failed: batch.failed, invalid: batch.invalid, unknown: batch.unknown)
        createdAtMs = batch.createdAt ?? 0
        createdAt = PageText.utc(batch.createdAt ?? 0)
        finishedAtMs = batch.finishedAt
        finishedAt = PageText.utc(batch.finishedAt ?? 0)
        problems = model.problems.map {
            Problem(
                orderId: $0.orderId, href: "/orders/" + PageQuery.encode($0.orderId), status: $0.status, errorCode: $0.errorCode ?? "",
                errorMessage: $0.errorMessage, attempts: "", possibleDuplicate: false)
        }
        hasProblems = !problems.isEmpty
        problemLimit = DashboardReader.batchMaxListed
    }

    /// A batch no queue shown has.
    init(chrome: PageChrome, missing batchId: String, queue: String) {
        self.chrome = chrome
        self.queue = queue
        id = batchId
        notFound = true
        exportHref = ""
        total = "0"
        succeeded = "0"
        failed = "0"
        invalid = "0"
        unknown = "0"
        pending = "0"
        percentDone = 0
        progress = BatchProgress(total: 0, succeeded: 0, failed: 0, invalid: 0, unknown: 0)
        createdAtMs = 0
        createdAt = ""
        finishedAtMs = nil
        finishedAt = ""
        hasProblems = false
        problems = []
        problemLimit = DashboardReader.batchMaxListed
    }
}

extension QueuesPage.Row {
    init(_ queue: QueueOverviewModel) {
        name = queue.queue
        shards = String(queue.shards.count)
        pending = PageText.count(queue.total.pending)
        let pause = queue.shards.lazy.compactMap(\.pause).first
        paused = pause != nil
        pauseReason = pause?.reason ?? ""
        pausedBy = pause?.by
        pausedAtMs = pause?.since
        pausedAt = PageText.utc(pause?.since ?? 0)
    }
}
