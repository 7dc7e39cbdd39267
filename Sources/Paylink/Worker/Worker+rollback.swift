import Logging
import PaylinkRedis

/// What a worker does when Redis turns out to have gone back to an earlier state.
extension Worker {
    /// Redis lost writes it had acknowledged (the job counter went back): the links this worker
    /// stored in the last seconds (`RecentLinks`) are stored again before anything else is sent,
    /// and the jobs just claimed go back unsent, so that orders whose results were lost are
    /// answered from those results instead of getting a second link. An order another worker
    /// sent again meanwhile gets its second link recorded next to the first, and the flag.
    /// - Parameters:
    ///   - claimed: what a claim took, decided on the state Redis went back to (returned unsent).
    ///   - evidence: what showed it, for the log line.
    func recoverFromRollback(evidence: String, claimed: [ClaimedJob]) async {
        let links = processor.recentLinks.recent()
        logger.error(
            "Redis may have lost writes it had acknowledged (\(evidence)): storing the \(links.count) links of the last \(configuration.recentLinksWindow) again")
        for start in stride(from: 0, to: links.count, by: AcknowledgementBatcher.maxBatch) {
            let chunk = links[start..<min(start + AcknowledgementBatcher.maxBatch, links.count)].map {
                (job: ClaimedJob(jobId: $0.jobId, element: [], attempt: 0), result: $0.result)
            }
            let stored = await processor.persist("store again the recent links of", "\(chunk.count) orders") { [queue] () async throws(RedisError) in
                try await queue.acknowledgeReporting(chunk)
            }
            if stored == nil { logger.critical("Could not store \(chunk.count) recent links again; their orders may be sent again unflagged") }
        }
        guard !claimed.isEmpty else { return }
        let released = await processor.persist("return the jobs claimed across the rollback", "\(claimed.count) orders") { [queue] () async throws(RedisError) in
            try await queue.release(claimed.map { ($0.jobId, false) })
        }
        if released == nil { logger.warning("Could not return \(claimed.count) orders; they come back when their leases expire") }
    }

    /// Watches the `run_id` of the Redis node holding the queue (in a cluster its master, asked
    /// through `QueueScripts.serverInfo`), every `promoteInterval`, until cancelled. A new one
    /// means a restart or a failover, either of which can lose the last acknowledged writes; the
    /// job counter alone can miss it when other workers' claims push it past this one's view
    /// first. A restart that lost nothing costs one harmless store of each recent link.
    func watchForRestart() async {
        var known: String?
        var askedQueueNode = false
        while !Task.isCancelled {
            do throws(RedisError) {
                // One server (or a Sentinel master) answers INFO itself, as it always has; a
                // cluster is asked through the queue's key, so the queue's own master answers.
                let throughQueueNode = redis.isCluster
                if throughQueueNode != askedQueueNode {
                    known = nil  // Another node answers from now on: not a restart.
                    askedQueueNode = throughQueueNode
                }
                let info =
                    throughQueueNode
                    ? try await redis.run(QueueScripts.serverInfo, keys: queue.keys, arguments: []).string ?? ""
                    : try await redis.send(RedisCommand("INFO", "server")).string ?? ""
                let runId = RedisServerIdentity.runId(info: info)
                if let runId, let previous = known, runId != previous {
                    await recoverFromRollback(evidence: "the Redis server's run_id changed from \(previous) to \(runId)", claimed: [])
                }
                known = runId ?? known
            } catch {
                if error.code == .commandFailed {
                    logger.info("Redis refuses INFO (\(error.message)); a restart is noticed only by the job counter")
                    return
                }
            }
            try? await Task.sleep(for: configuration.promoteInterval)
        }
    }
}
