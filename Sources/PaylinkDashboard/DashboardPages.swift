import HTTPTypes
public import Hummingbird

/// The seam for the dashboard's HTML pages (written by the pages' own work): every route that
/// is not under `/api/`. Pages read through `dashboard.reader` (the same models the JSON API
/// answers with) and leave actions to the API, whose checks (role, read-only, CSRF) then apply
/// to every caller alike. `context.principal` is who is asking (nil: not signed in).
///
/// Until the pages exist, `/` is a placeholder that names the API.
public enum DashboardPages {
    public static func register(on router: Router<DashboardContext>, dashboard: Dashboard) {
        router.get("/") { _, _ -> Response in
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
