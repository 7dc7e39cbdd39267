internal import CPaylinkSystem
import Glibc

/// glibc's allocator gives threads that contend for it arenas of their own, up to eight per
/// core. The worker's threads (Swift's pool, the curl and Redis threads) then each keep freed
/// memory in their own arena. On the 2-core machine, at 1,000 orders in flight, three arenas held
/// 47.2-48.1 MB at peak over five runs, four 46.9-49.9 MB over eleven and the default 51.6-52.3 MB
/// over three, with CPU per order within noise (README, "Performance"). More cores mean more
/// pool threads, so the cap grows with them: 2 + cores / 2.
public enum MallocArenas {
    public static var workerLimit: Int32 {
        let cores = max(1, Int32(truncatingIfNeeded: sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return 2 + cores / 2
    }

    /// Caps the arenas at `count` unless the operator set `MALLOC_ARENA_MAX`, which wins.
    /// Call before starting threads. Returns whether the cap was applied.
    @discardableResult
    public static func limit(to count: Int32 = workerLimit) -> Bool {
        guard getenv("MALLOC_ARENA_MAX") == nil else { return false }
        return paylink_limit_malloc_arenas(count) == 1
    }

    /// Returns the free pages in every arena to the OS. A worker's churn (a connection struct
    /// and buffers per request, freed on other threads) otherwise leaves resident free memory
    /// that creeps up by a few MB over a run. Takes about a millisecond with arenas locked in
    /// turn, so call it every few seconds, not per order.
    public static func releaseFreeMemory() {
        _ = paylink_release_free_memory()
    }
}
