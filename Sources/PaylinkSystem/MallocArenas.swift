internal import CPaylinkSystem
import Glibc

/// glibc's allocator gives threads that contend for it arenas of their own, up to eight per
/// core. The worker's threads (Swift's pool, the curl and Redis threads) then each keep freed
/// memory in their own arena: at 1,000 orders in flight that is about 3 MB more resident memory
/// than with four arenas, for no measurable CPU (README, "Performance").
public enum MallocArenas {
    public static let workerLimit: Int32 = 4

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
