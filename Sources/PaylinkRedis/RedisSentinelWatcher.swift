import Glibc
import Logging
import PaylinkSystem

/// The `+switch-master` watcher: one named thread per resolver, subscribed on one sentinel at a
/// time, that hands a failover of our master to ``RedisSentinelResolver/switchMaster(to:logger:)``
/// the moment the sentinels announce it (or, from the leading sentinel, `+promoted-slave`, a
/// moment earlier), before any client meets a timeout.
///
/// Started by the first client to join the resolver, stopped when the last one leaves (the
/// thread notices within a second, or at once when its socket is shut down); a thread still
/// running at process exit simply ends with the process. A sentinel that stops answering is
/// noticed by a `PING` each second; the watcher then moves to the next sentinel. A message lost
/// while it reconnects costs only speed: clients still re-resolve on a disconnect, a timeout,
/// `-READONLY` or a `ROLE` that is not master.
enum RedisSentinelWatcher {
    /// Whether a watcher should run, and its socket, for ``stop``. Locking: `lock` guards every `var`.
    final class Handle: @unchecked Sendable {
        private let lock = Lock()
        private var users = 0
        private var epoch: UInt64 = 0
        private var socket: (fd: Int32, epoch: UInt64)?

        /// Counts one more client; returns the epoch for a new thread when this is the first.
        func retain() -> UInt64? {
            lock.withLock {
                users += 1
                guard users == 1 else { return nil }
                epoch += 1
                return epoch
            }
        }

        /// Counts one client less; the last one ends the current thread's epoch.
        func release() {
            lock.withLock {
                users -= 1
                guard users == 0 else { return }
                epoch += 1
                if let socket { shutdown(socket.fd, Int32(SHUT_RDWR)) }
            }
        }

        func isCurrent(_ epoch: UInt64) -> Bool { lock.withLock { self.epoch == epoch } }

        /// Records the watcher's socket; false (and nothing recorded) when its epoch is over.
        func register(fd: Int32, epoch: UInt64) -> Bool {
            lock.withLock {
                guard self.epoch == epoch else { return false }
                socket = (fd, epoch)
                return true
            }
        }

        /// Forgets the socket before it is closed.
        func unregister(epoch: UInt64) {
            lock.withLock { if socket?.epoch == epoch { socket = nil } }
        }
    }

    static func start(for resolver: RedisSentinelResolver, epoch: UInt64, connectTimeout: Duration, logger: Logger) {
        do {
            try OSThread.detached(name: "paylink-sentinel") {
                run(resolver: resolver, epoch: epoch, connectTimeout: connectTimeout, logger: logger)
            }
        } catch {
            // Failovers are then followed on disconnects and timeouts only.
            logger.error("Cannot start the Sentinel watcher's thread: \(error)")
        }
    }

    private static func run(resolver: RedisSentinelResolver, epoch: UInt64, connectTimeout: Duration, logger: Logger) {
        var pipe = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipe, nil)
        let handle = resolver.watcher
        var attempt = 0
        while handle.isCurrent(epoch) {
            let order = resolver.sentinelOrder
            let sentinel = order[attempt % order.count]
            attempt += 1
            do throws(RedisError) {
                let transport = try RedisSentinelResolver.connect(
                    to: sentinel, settings: resolver.settings, timeout: connectTimeout)
                try transport.append(RedisCommand("SUBSCRIBE", "+switch-master", "+promoted-slave"))
                for _ in 0..<2 { _ = try transport.readReply() }
                guard handle.register(fd: transport.fileDescriptor, epoch: epoch) else { return }
                defer {
                    // Unregistered before the transport (and its fd) goes: ARC may otherwise free
                    // it after its last use, and a stop could shut down a reused descriptor.
                    handle.unregister(epoch: epoch)
                    withExtendedLifetime(transport) {}
                }
                logger.debug("Sentinel watcher subscribed", metadata: ["sentinel": "\(sentinel)"])
                attempt = 0
                try listen(on: transport, resolver: resolver, isCurrent: { handle.isCurrent(epoch) }, logger: logger)
            } catch {
                guard handle.isCurrent(epoch) else { return }
                logger.debug("Sentinel watcher lost \(sentinel): \(error)")
                // Every sentinel tried in a row: wait a little before the next round.
                if attempt % order.count == 0 { usleep(500_000) }
            }
        }
    }

    /// Reads messages until the connection fails or the epoch ends; a `PING` after each quiet second.
    private static func listen(
        on transport: HiredisTransport, resolver: RedisSentinelResolver, isCurrent: () -> Bool, logger: Logger
    ) throws(RedisError) {
        var descriptor = pollfd(fd: transport.fileDescriptor, events: Int16(POLLIN), revents: 0)
        while isCurrent() {
            let ready = poll(&descriptor, 1, 1000)
            if ready < 0 && errno == EINTR { continue }
            if ready > 0 {
                handle(try transport.readReply(), resolver: resolver, logger: logger)
                continue
            }
            // Quiet for a second: a sentinel that is down or cut off answers no PING.
            try transport.append(RedisCommand("PING"))
            while true {
                let reply = try transport.readReply()
                if reply.array?.first?.string == "pong" || reply.string == "PONG" { break }
                handle(reply, resolver: resolver, logger: logger)
            }
        }
    }

    private static func handle(_ reply: RedisValue, resolver: RedisSentinelResolver, logger: Logger) {
        guard let parts = reply.array, parts.count == 3, parts[0].string == "message", let payload = parts[2].string
        else { return }
        let address: RedisNodeAddress? =
            switch parts[1].string {
            case "+switch-master": newMaster(payload, masterName: resolver.masterName)
            case "+promoted-slave": promotedReplica(payload, masterName: resolver.masterName)
            default: nil
            }
        if let address { resolver.switchMaster(to: address, logger: logger) }
    }

    /// The replica in `slave <ip>:<port> <ip> <port> @ <name> <master-ip> <master-port>`, when
    /// `name` is ours. The sentinel leading a failover publishes it once the replica answers as a
    /// master, before it reconfigures the other replicas and announces `+switch-master` (about a
    /// second later): following it then shortens the time in which clients still write to an old
    /// master that is alive (`SENTINEL FAILOVER`, a partition), writes its demotion discards.
    /// Only the leader publishes it; `+switch-master`, from every sentinel, remains the rule.
    static func promotedReplica(_ payload: String, masterName: String) -> RedisNodeAddress? {
        let words = payload.split(separator: " ")
        guard words.count == 8, words[0] == "slave", words[4] == "@", words[5] == masterName, !words[2].isEmpty,
            let port = Int(words[3]), (1...65535).contains(port)
        else { return nil }
        return RedisNodeAddress(host: String(words[2]), port: port)
    }

    /// The new master in `<name> <old-ip> <old-port> <new-ip> <new-port>`, when `name` is ours.
    static func newMaster(_ payload: String, masterName: String) -> RedisNodeAddress? {
        let words = payload.split(separator: " ")
        guard words.count == 5, words[0] == masterName, !words[3].isEmpty,
            let port = Int(words[4]), (1...65535).contains(port)
        else { return nil }
        return RedisNodeAddress(host: String(words[3]), port: port)
    }
}
