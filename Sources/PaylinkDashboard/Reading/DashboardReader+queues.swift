import HTTPTypes
import Paylink
import PaylinkRedis

extension DashboardReader {
    /// The queues shown now (configured, and those seen in heartbeats so far).
    var groups: [QueueDirectory.Group] { directory.groups(noting: []) }

    /// The shards `name` means: every shard of a queue, or one shard by its own name.
    /// - Throws: 404 when the dashboard shows no such queue.
    func shards(named name: String) throws(DashboardAPIError) -> [QueueKeys] {
        for group in groups {
            if group.queue == name { return group.shards.shards }
            if let shard = group.shards.shards.first(where: { $0.queue == name }) { return [shard] }
        }
        throw DashboardAPIError(.notFound, "no queue \(name) on this dashboard (GET /api/overview lists them)")
    }

    /// One shard: `name`, or the only queue when `name` is nil and there is just one.
    /// - Throws: 400 for a sharded queue's name (lists work per shard), 404 for an unknown one.
    func shard(named name: String?) throws(DashboardAPIError) -> QueueKeys {
        guard let name else {
            let all = groups.flatMap(\.shards.shards)
            guard all.count == 1 else { throw .badRequest("missing queue: this dashboard shows several (GET /api/overview lists them)") }
            return all[0]
        }
        let found = try shards(named: name)
        guard found.count == 1 else {
            throw .badRequest("queue \(name) is sharded: name one shard (\(found[0].queue) ... \(found[found.count - 1].queue))")
        }
        return found[0]
    }

    /// The queue's groups `name` selects for a queue-wide read (batches): one group, or every
    /// one when `name` is nil.
    func queueGroups(named name: String?) throws(DashboardAPIError) -> [QueueDirectory.Group] {
        guard let name else { return groups }
        guard let group = groups.first(where: { $0.queue == name }) else {
            throw DashboardAPIError(.notFound, "no queue \(name) on this dashboard (GET /api/overview lists them)")
        }
        return [group]
    }
}
