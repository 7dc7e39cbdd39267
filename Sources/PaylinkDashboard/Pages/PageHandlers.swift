import Hummingbird
import Paylink
import PaylinkRedis

/// What each page's route does: who asks, what to read (through `dashboard.reader`), which
/// template. One file per group of pages (`PageHandlers+orders.swift`, ...).
struct PageHandlers: Sendable {
    let dashboard: Dashboard
    let pages: PageRenderer

    typealias Handler = @Sendable (Request, PageViewer) async throws -> Response

    /// Rows a list page shows at once.
    static let pageSize = 50

    /// Runs `handler` for the signed-in viewer. A failed Redis read, or a query the reader
    /// refuses (an unknown queue, a bad ID), becomes a page that says so instead of a bare error.
    func page(_ request: Request, _ context: DashboardContext, _ handler: Handler) async throws -> Response {
        guard let session = context.session else { return PageRenderer.signInRedirect(for: request) }
        let viewer = PageViewer(
            name: session.user, role: session.role.rawValue, csrfToken: session.csrfToken ?? "", canAct: session.canAct,
            readOnly: session.readOnly, canSignOut: session.signInRequired && session.method == .session)
        do {
            return try await handler(request, viewer)
        } catch let error as RedisError {
            return errorPage(viewer, title: "Redis did not answer", message: "\(error)", status: .serviceUnavailable)
        } catch let error as DashboardAPIError {
            return errorPage(viewer, title: "Cannot show this page", message: error.message, status: error.status)
        }
    }

    func errorPage(_ viewer: PageViewer, title: String, message: String, status: HTTPResponse.Status) -> Response {
        let page = ErrorPage(chrome: PageChrome(section: .overview, viewer: viewer, nowMs: 0), title: title, message: message)
        return pages.html(page, template: "error", status: status)
    }

    /// A query parameter, nil when absent or empty.
    static func parameter(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }

    /// The list offset of `?offset=`: 0 unless a whole number within a sane range.
    static func offset(_ request: Request) -> Int {
        guard let text = parameter(request, "offset"), text.utf8.count <= 9, let value = Int(text), value >= 0 else { return 0 }
        return value
    }

    /// Every shard the dashboard shows, in order: the choices of the queue selectors.
    func shardNames() -> [String] {
        dashboard.reader.groups.flatMap { $0.shards.shards.map(\.queue) }
    }

    /// `/`.
    func overview(_ request: Request, _ viewer: PageViewer) async throws -> Response {
        let overview = try await dashboard.reader.overview()
        let workers = try await dashboard.reader.workers()
        let chrome = PageChrome(section: .overview, viewer: viewer, nowMs: overview.time, refreshSeconds: 5)
        let bars = try await throughput()
        let page = OverviewPage(
            chrome: chrome, overview: overview, workers: workers, minutes: bars.minutes, days: bars.days, throughputProblem: bars.problem)
        return pages.html(page, template: "overview")
    }
}
