import Hummingbird
import Paylink

extension PageHandlers {
    /// The filter of a list page: its shard (the first one shown when none is named), error code, batch.
    func listFilter(_ request: Request, codes: [String]) throws -> (keys: QueueKeys, filter: ListFilter, errorCode: String?, batch: String?) {
        let query = APIQuery(request)
        let keys = try dashboard.reader.shard(named: try query.id("queue") ?? shardNames().first)
        let errorCode = try query.id("errorCode")
        let batch = try query.id("batch")
        let names = shardNames()
        var choices = codes
        if let errorCode, !choices.contains(errorCode) { choices.append(errorCode) }
        let filter = ListFilter(
            queue: keys.queue, hasQueueChoice: names.count > 1, queueChoices: names.map { Choice(name: $0, selected: $0 == keys.queue) },
            errorCodes: choices.sorted().map { Choice(name: $0, selected: $0 == errorCode) }, batch: batch ?? "",
            filtered: errorCode != nil || batch != nil)
        return (keys, filter, errorCode, batch)
    }

    /// Links to the pages before and after this one, keeping the filter.
    static func pager(_ filter: ListFilter, errorCode: String?, offset: Int, shown: Int, total: Int, next: Int?)
        -> (range: String, newer: String?, older: String?)
    {
        let base: [(String, String)] = [("queue", filter.queue), ("errorCode", errorCode ?? ""), ("batch", filter.batch)]
        let range = shown == 0 ? "none" : "\(PageText.count(offset + 1))–\(PageText.count(offset + shown)) of \(PageText.count(total))"
        let newer = offset > 0 ? PageQuery.string(base + [("offset", String(max(0, offset - pageSize)))]) : nil
        let older = next.map { PageQuery.string(base + [("offset", String($0))]) }
        return (range, newer.map { $0.isEmpty ? "?" : $0 }, older)
    }

    /// Error codes an operator can filter by: paylink's and the API's usual ones.
    static let commonDeadCodes = ["20004", "10005", "ambiguous", "http_500", "http_502", "http_503", "http_504", "timeout", "worker_lost", "invalid_element", "too_large"]

    /// `/dead`.
    func dead(_ request: Request, _ viewer: PageViewer) async throws -> Response {
        let (keys, filter, errorCode, batch) = try listFilter(request, codes: Self.commonDeadCodes)
        let offset = Self.offset(request)
        let model = try await dashboard.reader.deadPage(queue: keys, offset: offset, limit: Self.pageSize, errorCode: errorCode, batchId: batch)
        let pager = Self.pager(filter, errorCode: errorCode, offset: offset, shown: model.entries.count, total: model.total, next: model.nextOffset)
        let page = DeadListPage(
            chrome: PageChrome(section: .dead, viewer: viewer, nowMs: 0), filter: filter, model: model, pager: pager, canAct: viewer.canAct)
        return pages.html(page, template: "dead")
    }

    /// `/unknown`.
    func unknown(_ request: Request, _ viewer: PageViewer) async throws -> Response {
        let (keys, filter, errorCode, batch) = try listFilter(request, codes: ["ambiguous", "timeout", "http_500", "http_502", "http_504"])
        let offset = Self.offset(request)
        let model = try await dashboard.reader.unknownPage(queue: keys, offset: offset, limit: Self.pageSize, errorCode: errorCode, batchId: batch)
        let pager = Self.pager(filter, errorCode: errorCode, offset: offset, shown: model.entries.count, total: model.total, next: model.nextOffset)
        let page = UnknownListPage(
            chrome: PageChrome(section: .unknown, viewer: viewer, nowMs: 0), filter: filter, model: model, pager: pager, canAct: viewer.canAct)
        return pages.html(page, template: "unknown")
    }
}
