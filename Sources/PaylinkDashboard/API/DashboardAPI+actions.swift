import Hummingbird
import Paylink

/// `POST /api/actions/...`: every one checked by `DashboardAuth.authorizeAction` first
/// (read-only 405, signed out 401, viewer 403, CSRF 403), then run as the CLI runs it.
extension DashboardAPI {
    struct EntriesRequest: Decodable {
        let queue: String?
        let ids: [String]
        /// Must be true to retry orders whose earlier attempt may have created a link.
        let confirmPossibleLink: Bool?
    }

    struct ResolveRequest: Decodable {
        let queue: String?
        let ids: [String]
        let resolution: String
        let message: String?
        let confirmPossibleLink: Bool?
    }

    struct QueueRequest: Decodable {
        let queue: String
        let reason: String?
    }

    /// Longest pause reason or resolve message kept: shown on pages and logged.
    static let maxTextLength = 500

    static func registerActions(on api: RouterGroup<DashboardContext>, dashboard: Dashboard) {
        let auth = dashboard.auth
        let reader = dashboard.reader
        let actions = dashboard.actions
        api.post("actions/dead/retry") { request, context -> Response in
            let principal = try auth.authorizeAction(request, context: context)
            let body = try await decode(EntriesRequest.self, from: request, context: context)
            let keys = try reader.shard(named: try checkedQueue(body.queue))
            let ids = try checkedIDs(body.ids, allowJobs: true)
            if body.confirmPossibleLink != true {
                let flagged = try await actions.mayHaveLink(dead: ids, queue: keys)
                guard flagged.isEmpty else { throw needsConfirmation(flagged) }
            }
            return try JSONAnswer.response(try await actions.retryDead(ids, queue: keys, by: principal.name))
        }
        api.post("actions/dead/purge") { request, context -> Response in
            let principal = try auth.authorizeAction(request, context: context)
            let body = try await decode(EntriesRequest.self, from: request, context: context)
            let keys = try reader.shard(named: try checkedQueue(body.queue))
            return try JSONAnswer.response(try await actions.purgeDead(try checkedIDs(body.ids, allowJobs: true), queue: keys, by: principal.name))
        }
        api.post("actions/unknown/resolve") { request, context -> Response in
            let principal = try auth.authorizeAction(request, context: context)
            let body = try await decode(ResolveRequest.self, from: request, context: context)
            let keys = try reader.shard(named: try checkedQueue(body.queue))
            let ids = try checkedIDs(body.ids, allowJobs: false)
            guard let resolution = OrderQueue.Resolution(rawValue: body.resolution) else {
                throw DashboardAPIError.badRequest("invalid resolution: \"\(body.resolution)\" must be retry or fail")
            }
            // A parked order is parked because its call may have created a link.
            if resolution == .retry, body.confirmPossibleLink != true { throw needsConfirmation(ids) }
            let message = try checkedText(body.message, name: "message") ?? "no reason given"
            return try JSONAnswer.response(
                try await actions.resolveUnknown(ids, as: resolution, message: message, queue: keys, by: principal.name))
        }
        api.post("actions/queue/pause") { request, context -> Response in
            let principal = try auth.authorizeAction(request, context: context)
            let body = try await decode(QueueRequest.self, from: request, context: context)
            let shards = try reader.shards(named: try checkedQueue(body.queue) ?? "")
            let reason = try checkedText(body.reason, name: "reason") ?? ""
            return try JSONAnswer.response(try await actions.pause(shards, reason: reason, by: principal.name))
        }
        api.post("actions/queue/resume") { request, context -> Response in
            let principal = try auth.authorizeAction(request, context: context)
            let body = try await decode(QueueRequest.self, from: request, context: context)
            let shards = try reader.shards(named: try checkedQueue(body.queue) ?? "")
            return try JSONAnswer.response(try await actions.resume(shards, by: principal.name))
        }
    }

    /// 409: the request must be sent again with `"confirmPossibleLink": true`.
    static func needsConfirmation(_ ids: [String]) -> DashboardAPIError {
        DashboardAPIError(
            .conflict, "an earlier attempt of \(ids.count) of these orders may have created a payment link: send again with confirmPossibleLink true to retry them anyway (they are flagged possibleDuplicate)",
            details: ["needsConfirmation": ids])
    }

    static func checkedQueue(_ name: String?) throws(DashboardAPIError) -> String? {
        guard let name else { return nil }
        guard APIQuery.isID(name) else { throw .badRequest("invalid queue: \"\(name)\" is not a queue name") }
        return name
    }

    /// 1-``DashboardActions/maxIDs`` distinct IDs: orderIds, and `job:<jobId>` for dead entries.
    static func checkedIDs(_ ids: [String], allowJobs: Bool) throws(DashboardAPIError) -> [String] {
        guard (1...DashboardActions.maxIDs).contains(ids.count) else {
            throw .badRequest("invalid ids: give 1-\(DashboardActions.maxIDs), not \(ids.count)")
        }
        var seen: Set<String> = []
        for id in ids {
            let bare = allowJobs && id.hasPrefix("job:") ? String(id.dropFirst(4)) : id
            guard APIQuery.isID(bare) else { throw .badRequest("invalid ids: \"\(id)\" is not an orderId\(allowJobs ? " or job:<id>" : "")") }
            seen.insert(id)
        }
        return ids.filter { seen.remove($0) != nil }
    }

    static func checkedText(_ text: String?, name: String) throws(DashboardAPIError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count <= maxTextLength, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .badRequest("invalid \(name): at most \(maxTextLength) characters, no control characters")
        }
        return text
    }
}
