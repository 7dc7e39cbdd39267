import Hummingbird

/// The JSON API under `/api/` (docs/dashboard-api.md): reads for everyone signed in, actions
/// (POST, JSON body, CSRF token) for admins of a dashboard not run `--read-only`.
enum DashboardAPI {
    static func register(on api: RouterGroup<DashboardContext>, dashboard: Dashboard) {
        api.get("overview") { _, context -> Response in
            _ = try context.requirePrincipal()
            return try JSONAnswer.response(try await dashboard.reader.overview())
        }
        api.get("workers") { _, context -> Response in
            _ = try context.requirePrincipal()
            return try JSONAnswer.response(try await dashboard.reader.workers())
        }
        registerSession(on: api, dashboard: dashboard)
    }
}
