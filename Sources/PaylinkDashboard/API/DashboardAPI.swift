import Hummingbird
import Paylink

/// The JSON API under `/api/` (docs/dashboard-api.md): reads for everyone signed in, actions
/// (POST, JSON body, CSRF token) for admins of a dashboard not run `--read-only`.
enum DashboardAPI {
    static func register(on api: RouterGroup<DashboardContext>, dashboard: Dashboard) {
        let reader = dashboard.reader
        api.get("overview") { _, context -> Response in
            _ = try context.requirePrincipal()
            return try JSONAnswer.response(try await reader.overview())
        }
        api.get("workers") { _, context -> Response in
            _ = try context.requirePrincipal()
            return try JSONAnswer.response(try await reader.workers())
        }
        api.get("order") { request, context -> Response in
            _ = try context.requirePrincipal()
            let query = APIQuery(request)
            if let prefix = try query.id("prefix") { return try JSONAnswer.response(try await reader.orders(prefix: prefix)) }
            let model = try await reader.order(try query.requireID("id"))
            return try JSONAnswer.response(model, status: model.found || model.dead != nil || model.unknownElement != nil ? .ok : .notFound)
        }
        api.get("dead") { request, context -> Response in
            _ = try context.requirePrincipal()
            let query = APIQuery(request)
            let page = try await reader.deadPage(
                queue: try reader.shard(named: try query.id("queue")), offset: try query.int("offset", in: 0...10_000_000, default: 0),
                limit: try query.int("limit", in: 1...DashboardReader.maxPageSize, default: 50), errorCode: try query.id("errorCode"),
                batchId: try query.id("batch"))
            return try JSONAnswer.response(page)
        }
        api.get("unknown") { request, context -> Response in
            _ = try context.requirePrincipal()
            let query = APIQuery(request)
            let page = try await reader.unknownPage(
                queue: try reader.shard(named: try query.id("queue")), offset: try query.int("offset", in: 0...DashboardReader.unknownMaxSorted, default: 0),
                limit: try query.int("limit", in: 1...DashboardReader.maxPageSize, default: 50), errorCode: try query.id("errorCode"),
                batchId: try query.id("batch"))
            return try JSONAnswer.response(page)
        }
        registerBatches(on: api, reader: reader)
        registerSession(on: api, dashboard: dashboard)
        registerActions(on: api, dashboard: dashboard)
    }
}
