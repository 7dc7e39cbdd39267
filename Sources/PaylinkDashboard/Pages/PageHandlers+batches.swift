import Hummingbird
import Paylink

extension PageHandlers {
    /// `/batches?queue=`: every queue's batches (or one queue's), newest first.
    func batches(_ request: Request, _ viewer: PageViewer) async throws -> Response {
        let groups = try dashboard.reader.queueGroups(named: try APIQuery(request).id("queue"))
        var rows: [BatchListPage.Row] = []
        for group in groups {
            let model = try await dashboard.reader.batches(of: group, limit: Self.pageSize)
            rows += model.batches.map { BatchListPage.Row($0, queue: group.queue, showQueue: groups.count > 1) }
        }
        let page = BatchListPage(
            chrome: PageChrome(section: .batches, viewer: viewer, nowMs: 0, refreshSeconds: 5),
            queue: groups.count == 1 ? groups[0].queue : "all", hasBatches: !rows.isEmpty, batches: rows,
            range: "\(PageText.count(rows.count)) shown (the newest \(Self.pageSize) of each queue)", newerHref: nil, olderHref: nil)
        return pages.html(page, template: "batches")
    }

    /// `/batches/<id>?queue=`: the first queue (of those named) that has the batch.
    func batch(_ batchId: String, _ request: Request, _ viewer: PageViewer) async throws -> Response {
        guard APIQuery.isID(batchId) else { throw DashboardAPIError(.badRequest, "a batchId is 1-64 of A-Z a-z 0-9 . _ : -") }
        let groups = try dashboard.reader.queueGroups(named: try APIQuery(request).id("queue"))
        let chrome = PageChrome(section: .batches, viewer: viewer, nowMs: 0, refreshSeconds: 5)
        for group in groups {
            if let model = try await dashboard.reader.batch(batchId, of: group) {
                return pages.html(BatchPage(chrome: chrome, model: model), template: "batch")
            }
        }
        return pages.html(BatchPage(chrome: chrome, missing: batchId, queue: groups.first?.queue ?? ""), template: "batch", status: .notFound)
    }

    /// `/queues`: pause state of every queue; a queue counts as paused when any shard is.
    func queues(_ request: Request, _ viewer: PageViewer) async throws -> Response {
        let overview = try await dashboard.reader.overview()
        let rows = overview.queues.map(QueuesPage.Row.init)
        let page = QueuesPage(
            chrome: PageChrome(section: .queues, viewer: viewer, nowMs: overview.time), hasQueues: !rows.isEmpty, queues: rows,
            canAct: viewer.canAct)
        return pages.html(page, template: "queues")
    }
}
