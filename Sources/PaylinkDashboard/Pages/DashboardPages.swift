import HTTPTypes
public import Hummingbird

/// The seam for the dashboard's HTML pages (the pages' own work fills this folder in): every
/// route outside `/api/`. Pages read through `dashboard.reader` (the same models the JSON API
/// answers with) and leave actions to the API, whose checks (role, read-only, CSRF) then apply
/// to every caller alike. `context.session` says who is asking.
///
/// Until the pages exist, `/` is a placeholder that names the API.
public enum DashboardPages {
    /// Routes anyone may fetch, signed in or not: the login form and static assets (no data).
    public static func registerPublic(on router: Router<DashboardContext>) {}

    /// Routes behind sign-in: a request without a session is sent to `/login?next=<path>` (303)
    /// before it gets here, so `context.session` is never nil in these handlers.
    public static func register(on pages: RouterGroup<DashboardContext>, dashboard: Dashboard) {
        pages.get("/") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'"
            let page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>paylink dashboard</title></head>
                <body><h1>paylink dashboard</h1><p>The pages are not written yet. The JSON API answers under
                <a href="/api/overview">/api/overview</a> (see docs/dashboard-api.md).</p></body></html>
                """
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
