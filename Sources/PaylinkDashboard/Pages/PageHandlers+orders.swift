import Hummingbird
import Paylink

extension PageHandlers {
    /// `/orders?q=`: an orderId that has a result opens its page; otherwise the prefix matches.
    func orderSearch(_ request: Request, _ viewer: PageViewer) async throws -> Response {
        let query = Self.parameter(request, "q") ?? ""
        let chrome = PageChrome(section: .orders, viewer: viewer, nowMs: 0)
        var page = OrderSearchPage(
            chrome: chrome, query: query, hasQueueChoice: false, queueChoices: [], searched: false, hasMatches: false, matches: [],
            truncated: false, limit: DashboardReader.prefixMaxMatches, problem: nil)
        guard !query.isEmpty else { return pages.html(page, template: "orderSearch") }
        page.searched = true
        guard APIQuery.isID(query) else {
            page.problem = "An orderId is 1-64 of A-Z a-z 0-9 . _ : - so nothing can match this."
            return pages.html(page, template: "orderSearch")
        }
        let exact = try await dashboard.reader.order(query)
        if exact.found || exact.dead != nil || exact.unknownElement != nil {
            return PageRenderer.redirect(to: "/orders/" + PageQuery.encode(query))
        }
        let found = try await dashboard.reader.orders(prefix: query)
        page.matches = found.matches.map {
            OrderSearchPage.Match(
                queue: $0.queue, orderId: $0.orderId, status: $0.status ?? "gone", href: "/orders/" + PageQuery.encode($0.orderId),
                updatedAtMs: nil, updatedAt: "")
        }
        page.hasMatches = !page.matches.isEmpty
        page.truncated = !found.complete
        return pages.html(page, template: "orderSearch")
    }

    /// `/orders/<orderId>`.
    func order(_ orderId: String, _ request: Request, _ viewer: PageViewer) async throws -> Response {
        let chrome = PageChrome(section: .orders, viewer: viewer, nowMs: 0)
        guard APIQuery.isID(orderId) else {
            throw DashboardAPIError(.badRequest, "an orderId is 1-64 of A-Z a-z 0-9 . _ : -")
        }
        let model = try await dashboard.reader.order(orderId)
        return pages.html(OrderPage(chrome: chrome, model: model, canAct: viewer.canAct), template: "order")
    }
}
