import Glibc

/// CLOCK_MONOTONIC in nanoseconds: an integer that fits an atomic, which `ContinuousClock`'s
/// instants do not.
enum MonotonicTime {
    static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
