public import Hummingbird

/// The dashboard's HTML pages: every route outside `/api/`. Pages read through
/// `dashboard.reader` (the same models the JSON API answers with) and leave every action to the
/// API, whose checks (role, read-only, CSRF) then apply to page and script alike: a page only
/// decides whether to show the buttons.
///
/// Templates, stylesheet and script are in this folder (`DashboardTemplates`,
/// `DashboardAssets`), compiled into the binary.
public enum DashboardPages {
    /// Routes anyone may fetch, signed in or not: the sign-in form and the static assets (no data).
    public static func registerPublic(on router: Router<DashboardContext>) {
        let pages = PageRenderer()
        router.get("/assets/:name") { _, context -> Response in
            pages.asset(named: context.parameters.get("name") ?? "")
        }
        router.get("/login") { request, _ -> Response in
            let query = request.uri.queryParameters
            let next = PageQuery.safeNext(query["next"].map(String.init))
            let error: String? =
                switch query["error"] {
                case "1": "Wrong user or password."
                case "2": "Too many failed sign-ins: wait a minute and try again."
                default: nil
                }
            return pages.html(LoginPage(next: next, error: error), template: "login")
        }
    }

    /// Routes behind sign-in: a request without a session is sent to `/login?next=<path>` (303)
    /// before it gets here, so `context.session` is set in these handlers.
    public static func register(on pages: RouterGroup<DashboardContext>, dashboard: Dashboard) {
        let handlers = PageHandlers(dashboard: dashboard, pages: PageRenderer())
        pages.get("/") { request, context in try await handlers.page(request, context, handlers.overview) }
        pages.get("/orders") { request, context in try await handlers.page(request, context, handlers.orderSearch) }
        pages.get("/orders/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handlers.page(request, context) { request, viewer in try await handlers.order(id, request, viewer) }
        }
        pages.get("/dead") { request, context in try await handlers.page(request, context, handlers.dead) }
        pages.get("/unknown") { request, context in try await handlers.page(request, context, handlers.unknown) }
        pages.get("/batches") { request, context in try await handlers.page(request, context, handlers.batches) }
        pages.get("/batches/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handlers.page(request, context) { request, viewer in try await handlers.batch(id, request, viewer) }
        }
        pages.get("/queues") { request, context in try await handlers.page(request, context, handlers.queues) }
    }
}
