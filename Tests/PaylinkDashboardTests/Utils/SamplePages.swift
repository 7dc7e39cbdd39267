@testable import PaylinkDashboard

/// One value of every page the dashboard renders, keyed by its template, each carrying `text`
/// in every field that holds text from Redis, a query, a sign-in form or a pause reason.
/// The escaping tests fill it with markup; the rendering tests with plain names they look for.
enum SamplePages {
    static func viewer(_ text: String, canAct: Bool = true) -> PageViewer {
        PageViewer(name: text, role: "admin", csrfToken: text, canAct: canAct, readOnly: false, canSignOut: true)
    }

    static func chrome(_ section: PageChrome.Section, _ text: String) -> PageChrome {
        PageChrome(section: section, viewer: viewer(text), nowMs: 1_796_198_952_630)
    }

    /// Template name → page value, for every page template (not the partials).
    static func all(_ text: String) -> [String: any Sendable] {
        [
            "login": LoginPage(next: "/orders/" + text, error: text),
            "overview": overview(text),
            "orderSearch": orderSearch(text),
            "order": order(text),
            "dead": dead(text),
            "unknown": unknown(text),
            "batches": batches(text),
            "batch": batch(text),
            "queues": queues(text),
            "error": ErrorPage(chrome: chrome(.overview, text), title: text, message: text),
        ]
    }

    static func overview(_ text: String) -> OverviewPage {
        let row = OverviewPage.QueueRow(
            name: text, query: PageQuery.encode(text), isShard: false, pending: Figure(3), inflight: Figure(1), retrying: Figure(0), dead: Figure(2), unknown: Figure(1),
            oldestAge: "4m 10s", paused: true, pauseReason: text, pauseTitle: text)
        let worker = OverviewPage.WorkerRow(
            id: text, queues: text, version: text, inflight: "1", concurrency: "4", ordersDone: "12", rate: "0.5/s",
            startedAtMs: 1, startedAt: "", lastBeatMs: 1, lastBeat: "")
        let chart = OverviewPage.Chart(buckets: [(start: 0, succeeded: 5, failed: 1), (start: 60, succeeded: 2, failed: 0)], bucketSeconds: 60)
        return OverviewPage(
            chrome: chrome(.overview, text), queues: [row], minutes: chart, days: chart, throughputProblem: text, workers: [worker])
    }

    static func orderSearch(_ text: String) -> OrderSearchPage {
        let match = OrderSearchPage.Match(queue: text, orderId: text, status: text, href: "/orders/x", updatedAtMs: 1, updatedAt: "")
        return OrderSearchPage(
            chrome: chrome(.orders, text), query: text, hasQueueChoice: true, queueChoices: [Choice(name: text, selected: true)],
            searched: true, hasMatches: true, matches: [match], truncated: true, limit: 50, problem: text)
    }

    static func order(_ text: String) -> OrderPage {
        let dead = OrderPage.DeadEntry(
            id: text, reason: text, errorCode: text, errorMessage: text, attempts: "3", deadAtMs: 1, deadAt: "", mayHaveLink: true, element: text)
        return OrderPage(
            chrome: chrome(.orders, text), queue: text, orderId: text, status: text, flags: [text], possibleDuplicate: true, notFound: false,
            hasFields: true, fields: [OrderPage.Field(name: text, value: text, flagged: true, timeMs: nil, link: nil)], dead: dead,
            unknownElement: text, canAct: true, hasActions: true)
    }

    static func dead(_ text: String) -> DeadListPage {
        let entry = DeadListEntry(
            id: text, orderId: text, href: "/orders/x", elementPreview: text, deadAtMs: 1, deadAt: "", reason: text,
            errorCode: text, errorMessage: text, attempts: "3", batchId: text, mayHaveLink: true)
        return DeadListPage(
            chrome: chrome(.dead, text), queue: text, queueQuery: PageQuery.encode(text), hasQueueChoice: true, queueChoices: [Choice(name: text, selected: true)],
            errorCodes: [Choice(name: text, selected: true)], batch: text, filtered: true, total: "1", hasEntries: true,
            entries: [entry], range: "1–1 of 1", newerHref: nil, olderHref: nil, canAct: true)
    }

    static func unknown(_ text: String) -> UnknownListPage {
        let entry = UnknownListEntry(
            orderId: text, href: "/orders/x", parkedAtMs: 1, parkedAt: "", errorCode: text, errorMessage: text, attempts: "2", batchId: text)
        return UnknownListPage(
            chrome: chrome(.unknown, text), queue: text, queueQuery: PageQuery.encode(text), hasQueueChoice: true, queueChoices: [Choice(name: text, selected: true)],
            errorCodes: [Choice(name: text, selected: true)], batch: text, filtered: true, total: "1", hasEntries: true,
            entries: [entry], range: "1–1 of 1", newerHref: nil, olderHref: nil, canAct: true)
    }

    static let progress = BatchProgress(total: 10, succeeded: 6, failed: 1, invalid: 1, unknown: 1)

    static func batches(_ text: String) -> BatchListPage {
        let row = BatchListPage.Row(
            id: text, href: "/batches/x", createdAtMs: 1, createdAt: "", progress: progress, total: "10", succeeded: "6", failed: "1",
            invalid: "1", unknown: "1", pending: "1", failedZero: false, invalidZero: false, unknownZero: false, pendingZero: false,
            finishedAtMs: nil, finishedAt: "")
        return BatchListPage(chrome: chrome(.batches, text), queue: text, hasBatches: true, batches: [row], range: "1–1 of 1", newerHref: nil, olderHref: nil)
    }

    static func batch(_ text: String) -> BatchPage {
        let problem = BatchPage.Problem(
            orderId: text, href: "/orders/x", status: text, errorCode: text, errorMessage: text, attempts: "1", possibleDuplicate: true)
        return BatchPage(
            chrome: chrome(.batches, text), queue: text, id: text, notFound: false, exportHref: "/api/batch/export", total: "10",
            succeeded: "6", failed: "1", invalid: "1", unknown: "1", pending: "1", percentDone: 90, progress: progress, createdAtMs: 1,
            createdAt: "", finishedAtMs: nil, finishedAt: "", hasProblems: true, problems: [problem], problemLimit: 500)
    }

    static func queues(_ text: String) -> QueuesPage {
        let row = QueuesPage.Row(name: text, shards: "1", pending: "0", paused: true, pauseReason: text, pausedBy: text, pausedAtMs: 1, pausedAt: "")
        return QueuesPage(chrome: chrome(.queues, text), hasQueues: true, queues: [row], canAct: true)
    }
}
