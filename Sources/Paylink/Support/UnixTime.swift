import Glibc

/// The wall clock in Unix milliseconds, the one source for timestamps paylink writes (token
/// expiry checks, spool file names, `enqueuedAt`, latency).
public enum UnixTime {
    public static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
