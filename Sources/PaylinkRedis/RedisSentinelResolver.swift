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
    /// A master address and the generation of the answer it came from.
    struct Resolution: Sendable, Equatable {
        let address: RedisNodeAddress
        let generation: UInt64
    }

    let masterName: String
    let settings: RedisSentinelSettings
    private let lock = Lock()
    private let resolving = Lock()
    /// The sentinels, the one that answered last first (the Sentinel client rules).
    private var sentinels: [RedisNodeAddress]
    private var cached: Resolution?
    private var lastGeneration: UInt64 = 0
    private var members: [ObjectIdentifier: Member] = [:]
    let watcher: RedisSentinelWatcher.Handle

    init(sentinels: [RedisNodeAddress], masterName: String, settings: RedisSentinelSettings) {
        precondition(!sentinels.isEmpty, "a Sentinel URL lists at least one sentinel")
        self.sentinels = sentinels
        self.masterName = masterName
        self.settings = settings
        watcher = RedisSentinelWatcher.Handle()
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
            return newResolution(address)
        }
    }

    /// A `+switch-master` for our master: a new generation at `address`, every connection open
    /// elsewhere shut down, and every client waiting to reconnect woken.
    func switchMaster(to address: RedisNodeAddress, logger: Logger) {
        var wakes: [@Sendable () -> Void] = []
        var shut = 0
        lock.withLock {
            _ = newResolution(address)
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
        }
        logger.warning(
            "Sentinel: +switch-master for \(masterName), now at \(address)",
            metadata: ["connections_shut": "\(shut)"])
        for wake in wakes { wake() }
    }

    /// The cached answer, if any (tests).
    var current: Resolution? { lock.withLock { cached } }

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
