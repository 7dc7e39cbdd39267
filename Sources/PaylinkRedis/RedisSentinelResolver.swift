import Glibc
import Logging
import PaylinkSystem

/// Where the master of a `redis-sentinel://` URL is, for every client of a process: asks the
/// sentinels, caches the answer, and follows failovers (the `+switch-master` watcher).
///
/// One per ``RedisConfiguration`` (copies share it), so the claim, blocking-wait, limiter, token
/// and producer clients of a worker resolve once per failover, not once each. Each answer gets a
/// new generation number: a client whose connection failed on generation N asks again with N,
/// which queries the sentinels only if no one has done so since (the others that failed on N
/// then take the fresh answer as it is).
///
/// Also the registry of the clients' open connections, so that a `+switch-master` message can
/// shut down (shutdown(2)) the sockets still open to the old master: a blocked `BLMOVE` returns
/// at once instead of after its timeout. Locking: `lock` guards every `var` here and in the
/// ``Member``s; `resolving` makes sentinel queries one at a time (taken before `lock`, never
/// inside it). Queries and the watcher run on paylink's own threads, never on the cooperative pool.
final class RedisSentinelResolver: @unchecked Sendable {
    /// The old master of a failover under way, and the replica taking over.
    struct Fence: Sendable {
        let old: RedisNodeAddress
        let candidate: RedisNodeAddress
        let until: ContinuousClock.Instant
    }

    /// How long a fence holds without `+switch-master`: a promotion takes moments, and one that
    /// stalls past this is more likely aborted (with the abort message lost) than slow.
    static let fenceLimit: Duration = .seconds(10)

    /// A master address and the generation of the answer it came from.
    struct Resolution: Sendable, Equatable {
        let address: RedisNodeAddress
        let generation: UInt64
    }

    let masterName: String
    let settings: RedisSentinelSettings
    /// Whether the sentinels and the master are reached with TLS (`rediss-sentinel://`).
    let usesTLS: Bool
    /// What TLS connections trust and present: the configuration's, else the system's CA store
    /// (made at the first TLS connect, then kept).
    private var tls: RedisTLSContext?
    private let lock = Lock()
    private let resolving = Lock()
    /// The sentinels, the one that answered last first (the Sentinel client rules).
    private var sentinels: [RedisNodeAddress]
    private var cached: Resolution?
    private var lastGeneration: UInt64 = 0
    private var members: [ObjectIdentifier: Member] = [:]
    /// A failover under way: the old master no client may use, and the replica being promoted.
    private var fence: Fence?
    let watcher: RedisSentinelWatcher.Handle

    init(
        sentinels: [RedisNodeAddress], masterName: String, settings: RedisSentinelSettings, usesTLS: Bool = false,
        tls: RedisTLSContext? = nil
    ) {
        precondition(!sentinels.isEmpty, "a Sentinel URL lists at least one sentinel")
        self.sentinels = sentinels
        self.masterName = masterName
        self.settings = settings
        self.usesTLS = usesTLS
        self.tls = tls
        watcher = RedisSentinelWatcher.Handle()
    }

    /// The TLS context for the sentinels and the master, or nil for plain TCP.
    /// - Throws: `.tlsFailed` when the system's CA store cannot be loaded.
    func tlsContext() throws(RedisError) -> RedisTLSContext? {
        guard usesTLS else { return nil }
        if let tls = lock.withLock({ self.tls }) { return tls }
        let made = try RedisTLSContext()
        return lock.withLock {
            if tls == nil { tls = made }
            return tls
        }
    }

    /// The sentinels in the order they will be asked.
    var sentinelOrder: [RedisNodeAddress] { lock.withLock { sentinels } }

    /// The master's address: the cached answer, unless the caller saw it fail.
    /// - Parameters:
    ///   - failed: the generation whose address the caller could not use (a refused connect, a
    ///     dropped connection, `ROLE` not master, `-READONLY`); nil when it saw no failure.
    ///   - connectTimeout: for each sentinel's connect and reply.
    /// - Throws: `.connectionFailed` when no sentinel names the master, `.authenticationFailed`
    ///   when every sentinel reached refused the sentinel credentials.
    func resolve(failed: UInt64?, connectTimeout: Duration) throws(RedisError) -> Resolution {
        resolving.lock()
        defer { resolving.unlock() }
        if let cached = lock.withLock({ self.cached }), cached.generation != failed { return cached }
        let (address, answered) = try query(sentinels: sentinelOrder, connectTimeout: connectTimeout)
        return lock.withLock {
            if let index = sentinels.firstIndex(of: answered), index != 0 {
                sentinels.remove(at: index)
                sentinels.insert(answered, at: 0)
            }
            if let fence, ContinuousClock.now < fence.until, address == fence.old || address == fence.candidate {
                // A sentinel that has not switched yet still names the old master: its writes
                // would be discarded when it is demoted. Wait for the candidate (its ROLE turns
                // master within moments) instead.
                return newResolution(fence.candidate)
            }
            fence = nil
            return newResolution(address)
        }
    }

    /// The leading sentinel is promoting `candidate` (`+failover-state-send-slaveof-noone`):
    /// from now on the old master's writes are lost when it is demoted, so no client uses it
    /// until the failover ends. Clients move to the candidate (connects wait until its `ROLE` is
    /// master) for at most ``fenceLimit``, or until `-failover-abort-*` lifts the fence.
    func beginFailover(from old: RedisNodeAddress, to candidate: RedisNodeAddress, logger: Logger) {
        lock.withLock { fence = Fence(old: old, candidate: candidate, until: .now + Self.fenceLimit) }
        moveClients(to: candidate, event: "+failover-state-send-slaveof-noone", logger: logger)
    }

    /// The failover of our master was abandoned (`-failover-abort-*`): the fence goes, and the
    /// next connect asks the sentinels again.
    func abortFailover(event: String, logger: Logger) {
        var wakes: [@Sendable () -> Void] = []
        let hadFence = lock.withLock {
            let had = fence != nil
            fence = nil
            cached = nil
            wakes = members.values.map(\.wake)
            return had
        }
        logger.warning("Sentinel: \(event) for \(masterName)", metadata: ["fence_lifted": "\(hadFence)"])
        for wake in wakes { wake() }
    }

    /// A `+switch-master` (or `+promoted-slave`) for our master: clients move to `address`.
    func switchMaster(to address: RedisNodeAddress, event: String = "+switch-master", logger: Logger) {
        moveClients(to: address, event: event, logger: logger)
    }

    /// A new generation at `address` (unless it is already the answer: every sentinel announces
    /// a switch), every connection open elsewhere shut down, and every client waiting to
    /// reconnect woken.
    private func moveClients(to address: RedisNodeAddress, event: String, logger: Logger) {
        var wakes: [@Sendable () -> Void] = []
        var shut = 0
        let moved = lock.withLock {
            let moved = cached?.address != address
            if moved { _ = newResolution(address) }
            for member in members.values {
                wakes.append(member.wake)
                if let connected = member.connected, connected.address != address {
                    // Under the lock: the member unregisters before its fd is closed, so this
                    // never touches a descriptor number reused by something else.
                    shutdown(connected.fd, Int32(SHUT_RDWR))
                    member.cut = true
                    shut += 1
                }
            }
            return moved
        }
        if moved || shut > 0 {
            logger.warning(
                "Sentinel: \(event) for \(masterName), now at \(address)",
                metadata: ["connections_shut": "\(shut)"])
        }
        for wake in wakes { wake() }
    }

    /// The cached answer, if any (tests).
    var current: Resolution? { lock.withLock { cached } }

    /// The fence of a failover under way, if any (tests).
    var currentFence: Fence? { lock.withLock { fence } }

    /// Call with `lock` held.
    private func newResolution(_ address: RedisNodeAddress) -> Resolution {
        lastGeneration += 1
        let resolution = Resolution(address: address, generation: lastGeneration)
        cached = resolution
        return resolution
    }
}

extension RedisSentinelResolver {
    /// One client's place in the registry: the connection it has open (for the watcher to shut
    /// down) and how to wake it when it waits to reconnect. Its `var` is guarded by the
    /// resolver's lock.
    final class Member: @unchecked Sendable {
        fileprivate let wake: @Sendable () -> Void
        fileprivate var connected: (fd: Int32, address: RedisNodeAddress)?
        /// Set when the watcher shut the connection down, so the client reconnects before it
        /// writes to it (a write would fail as "may have run" though nothing was sent).
        fileprivate var cut = false
        fileprivate weak var resolver: RedisSentinelResolver?

        fileprivate init(resolver: RedisSentinelResolver, wake: @escaping @Sendable () -> Void) {
            self.resolver = resolver
            self.wake = wake
        }

        /// Records the connection now open; call ``disconnected()`` before its fd is closed.
        func connected(fd: Int32, to address: RedisNodeAddress) {
            resolver?.lock.withLock { connected = (fd, address) }
        }

        /// Forgets the open connection; must run before its descriptor is closed.
        func disconnected() {
            resolver?.lock.withLock {
                connected = nil
                cut = false
            }
        }

        /// Whether the watcher shut the open connection down.
        var wasCut: Bool { resolver?.lock.withLock { cut } ?? false }
    }

    /// Registers a client (its loop's thread); the first one starts the `+switch-master`
    /// watcher. Call ``leave(_:)`` when the client stops.
    func join(connectTimeout: Duration, logger: Logger, wake: @escaping @Sendable () -> Void) -> Member {
        let member = Member(resolver: self, wake: wake)
        lock.withLock { members[ObjectIdentifier(member)] = member }
        if let epoch = watcher.retain() {
            RedisSentinelWatcher.start(for: self, epoch: epoch, connectTimeout: connectTimeout, logger: logger)
        }
        return member
    }

    /// Unregisters a client; the last one stops the watcher.
    func leave(_ member: Member) {
        lock.withLock {
            member.connected = nil
            members[ObjectIdentifier(member)] = nil
        }
        watcher.release()
    }
}
