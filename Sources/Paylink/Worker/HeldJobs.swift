import PaylinkSystem
import FoundationEssentials

/// The job IDs this worker holds leases on: what the renewer extends and shutdown releases.
/// Locking: `lock` guards `ids`.
final class HeldJobs: @unchecked Sendable {
    private let lock = Lock()
    private var ids: Set<String> = []

    func insert(_ jobs: [ClaimedJob]) {
        lock.withLock { for job in jobs { ids.insert(job.jobId) } }
    }

    func remove(_ jobId: String) {
        _ = lock.withLock { ids.remove(jobId) }
    }

    func contains(_ jobId: String) -> Bool {
        lock.withLock { ids.contains(jobId) }
    }

    var all: [String] { lock.withLock { Array(ids) } }
}
