import Paylink

extension ListPage {
    init(chrome: PageChrome, filter: ListFilter, total: Int, entries: [Entry], pager: (range: String, newer: String?, older: String?), canAct: Bool) {
        self.chrome = chrome
        queue = filter.queue
        queueQuery = PageQuery.encode(filter.queue)
        hasQueueChoice = filter.hasQueueChoice
        queueChoices = filter.queueChoices
        errorCodes = filter.errorCodes
        batch = filter.batch
        filtered = filter.filtered
        self.total = PageText.count(total)
        self.entries = entries
        hasEntries = !entries.isEmpty
        range = pager.range
        newerHref = pager.newer
        olderHref = pager.older
        self.canAct = canAct
    }
}

extension ListPage<DeadListEntry> {
    init(chrome: PageChrome, filter: ListFilter, model: DeadPageModel, pager: (range: String, newer: String?, older: String?), canAct: Bool) {
        self.init(chrome: chrome, filter: filter, total: model.total, entries: model.entries.map(DeadListEntry.init), pager: pager, canAct: canAct)
    }
}

extension ListPage<UnknownListEntry> {
    init(chrome: PageChrome, filter: ListFilter, model: UnknownPageModel, pager: (range: String, newer: String?, older: String?), canAct: Bool) {
        self.init(chrome: chrome, filter: filter, total: model.total, entries: model.entries.map(UnknownListEntry.init), pager: pager, canAct: canAct)
    }
}

extension DeadListEntry {
    /// Characters of a raw element shown in the list (the order page shows all of it).
    static let previewLength = 160

    init(_ row: DeadPageModel.Entry) {
        let entry = row.entry
        let element = entry.element ?? ""
        self.init(
            id: entry.id, orderId: entry.orderId, href: entry.orderId.map { "/orders/" + PageQuery.encode($0) },
            elementPreview: element.count > Self.previewLength ? String(element.prefix(Self.previewLength)) + "…" : element,
            deadAtMs: entry.deadAt, deadAt: PageText.utc(entry.deadAt), reason: entry.errorMessage, errorCode: entry.errorCode,
            errorMessage: nil, attempts: String(entry.attempts), batchId: row.batchId, mayHaveLink: entry.mayHaveLink)
    }
}

extension UnknownListEntry {
    init(_ entry: UnknownPageModel.Entry) {
        let fields = entry.result.fields
        let parkedAt = fields[ResultField.updatedAt].flatMap { Int64($0) } ?? 0
        self.init(
            orderId: entry.orderId, href: "/orders/" + PageQuery.encode(entry.orderId), parkedAtMs: parkedAt, parkedAt: PageText.utc(parkedAt),
            errorCode: fields[ResultField.errorCode] ?? "", errorMessage: fields[ResultField.errorMessage],
            attempts: fields[ResultField.attempts] ?? "", batchId: fields[ResultField.batchId])
    }
}
