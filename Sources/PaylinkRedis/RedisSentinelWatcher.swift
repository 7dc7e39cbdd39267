import Glibc
import Logging
import PaylinkSystem

/// The failover watcher: one named thread per resolver, subscribed on every sentinel at once,
/// that hands a failover of our master to the resolver the moment a sentinel announces it.
///
/// Every sentinel, because the earliest messages come only from the sentinel leading the
/// failover: `+failover-state-send-slaveof-noone` (the replica is being promoted: from then on the
/// old master's writes are lost at its demotion, so the resolver fences it), `+promoted-slave`
/// and `-failover-abort-*`. `+switch-master`, from each sentinel as it switches, remains the rule.
///
/// Started by the first client to join the resolver, stopped when the last one leaves (the
/// thread notices within a second, or at once when its sockets are shut down); a thread still
/// running at process exit simply ends with the process. A sentinel that stops answering is
/// noticed by a `PING` after each quiet second and dialled again every `redialInterval`. A
/// message lost meanwhile costs only speed: clients still re-resolve on a disconnect, a
/// timeout, `-READONLY` or a `ROLE` that is not master.
enum RedisSentinelWatcher {
    /// Whether a watcher should run, and its sockets, for ``stop``. Locking: `lock` guards every `var`.
    final class Handle: @unchecked Sendable {
        private let lock = Lock()
        private var users = 0
        private var epoch: UInt64 = 0
        private var sockets: Set<Int32> = []

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
                for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
            }
        }

        func isCurrent(_ epoch: UInt64) -> Bool { lock.withLock { self.epoch == epoch } }

        /// Records a watcher socket; false (and nothing recorded) when its epoch is over.
        func register(fd: Int32, epoch: UInt64) -> Bool {
            lock.withLock {
                guard self.epoch == epoch else { return false }
                sockets.insert(fd)
                return true
            }
        }

        /// Forgets a socket before it is closed.
        func unregister(fd: Int32) {
            lock.withLock { _ = sockets.remove(fd) }
        }
    }

    /// The channels subscribed on each sentinel.
    static let channels = [
        "+switch-master", "+promoted-slave", "+failover-state-send-slaveof-noone",
        "-failover-abort-not-elected", "-failover-abort-slave-timeout", "-failover-abort-no-good-slave",
    ]

    /// How soon a sentinel that could not be reached is dialled again; its connect blocks the
    /// thread for up to the connect timeout, so not every turn.
    static let redialInterval: Duration = .seconds(2)

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

    /// One sentinel's subscription: its connection (nil while down) and when to act next.
    private struct Subscription {
        let sentinel: RedisNodeAddress
        var transport: (any RedisTransport)?
        /// When to dial again (down) or to send a `PING` (quiet).
        var due: ContinuousClock.Instant = .now
    }

    private static func run(resolver: RedisSentinelResolver, epoch: UInt64, connectTimeout: Duration, logger: Logger) {
        var pipe = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipe, nil)
        let handle = resolver.watcher
        var subscriptions = resolver.sentinelOrder.map { Subscription(sentinel: $0) }
        defer { for index in subscriptions.indices { close(&subscriptions[index], handle: handle) } }
        while handle.isCurrent(epoch) {
            for index in subscriptions.indices
            where subscriptions[index].transport == nil && subscriptions[index].due <= .now {
                subscribe(
                    &subscriptions[index], epoch: epoch, resolver: resolver, connectTimeout: connectTimeout,
                    logger: logger)
            }
            var descriptors = subscriptions.compactMap { subscription in
                subscription.transport.map { pollfd(fd: $0.fileDescriptor, events: Int16(POLLIN), revents: 0) }
            }
            guard !descriptors.isEmpty else {
                usleep(200_000)
                continue
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), 200)
            if ready < 0 && errno == EINTR { continue }
            var next = 0
            for index in subscriptions.indices where subscriptions[index].transport != nil {
                let readable = descriptors[next].revents != 0
                next += 1
                do throws(RedisError) {
                    try serve(&subscriptions[index], readable: readable, resolver: resolver, logger: logger)
                } catch {
                    guard handle.isCurrent(epoch) else { return }
                    logger.debug("Sentinel watcher lost \(subscriptions[index].sentinel): \(error)")
                    close(&subscriptions[index], handle: handle)
                    subscriptions[index].due = .now + redialInterval
                }
            }
        }
    }

    private static func subscribe(
        _ subscription: inout Subscription, epoch: UInt64, resolver: RedisSentinelResolver, connectTimeout: Duration,
        logger: Logger
    ) {
        do throws(RedisError) {
            let transport = try resolver.connect(to: subscription.sentinel, timeout: connectTimeout)
            try transport.append(RedisCommand("SUBSCRIBE", arguments: channels))
            for _ in channels { _ = try transport.readReply() }
            guard resolver.watcher.register(fd: transport.fileDescriptor, epoch: epoch) else { return }
            subscription.transport = transport
            subscription.due = .now + .seconds(1)
            logger.debug("Sentinel watcher subscribed", metadata: ["sentinel": "\(subscription.sentinel)"])
        } catch {
            logger.debug("Sentinel watcher cannot subscribe on \(subscription.sentinel): \(error)")
            subscription.due = .now + redialInterval
        }
    }

    /// Handles what a sentinel sent, and a `PING` after a quiet second (a sentinel that is down
    /// or cut off answers none: the read times out and the connection is dropped).
    private static func serve(
        _ subscription: inout Subscription, readable: Bool, resolver: RedisSentinelResolver, logger: Logger
    ) throws(RedisError) {
        guard let transport = subscription.transport else { return }
        if readable {
            handle(try transport.readReply(), resolver: resolver, logger: logger)
            while let buffered = try transport.bufferedReply() { handle(buffered, resolver: resolver, logger: logger) }
            subscription.due = .now + .seconds(1)
            return
        }
        guard subscription.due <= .now else { return }
        try transport.append(RedisCommand("PING"))
        while true {
            let reply = try transport.readReply()
            if reply.array?.first?.string == "pong" || reply.string == "PONG" { break }
            handle(reply, resolver: resolver, logger: logger)
        }
        subscription.due = .now + .seconds(1)
    }

    /// Drops a subscription's connection, unregistered before its fd is closed so a stop never
    /// shuts down a reused descriptor.
    private static func close(_ subscription: inout Subscription, handle: Handle) {
        guard let transport = subscription.transport else { return }
        handle.unregister(fd: transport.fileDescriptor)
        subscription.transport = nil
    }

    private static func handle(_ reply: RedisValue, resolver: RedisSentinelResolver, logger: Logger) {
        guard let parts = reply.array, parts.count == 3, parts[0].string == "message",
            let channel = parts[1].string, let payload = parts[2].string
        else { return }
        let name = resolver.masterName
        switch channel {
        case "+switch-master":
            if let address = newMaster(payload, masterName: name) { resolver.switchMaster(to: address, logger: logger) }
        case "+promoted-slave":
            if let address = promotedReplica(payload, masterName: name) {
                resolver.switchMaster(to: address, event: channel, logger: logger)
            }
        case "+failover-state-send-slaveof-noone":
            if let (replica, old) = promotion(payload, masterName: name) {
                resolver.beginFailover(from: old, to: replica, logger: logger)
            }
        default:
            if channel.hasPrefix("-failover-abort-"), isOurMaster(payload, masterName: name) {
                resolver.abortFailover(event: channel, logger: logger)
            }
        }
    }

    /// The replica and its master in `slave <ip>:<port> <ip> <port> @ <name> <master-ip> <master-port>`.
    static func promotion(_ payload: String, masterName: String) -> (
        replica: RedisNodeAddress, master: RedisNodeAddress
    )? {
        let words = payload.split(separator: " ")
        guard let replica = promotedReplica(payload, masterName: masterName), !words[6].isEmpty,
            let port = Int(words[7]), (1...65535).contains(port)
        else { return nil }
        return (replica, RedisNodeAddress(host: String(words[6]), port: port))
    }

    /// Whether `master <name> <ip> <port>` (a master's instance details) names our master.
    static func isOurMaster(_ payload: String, masterName: String) -> Bool {
        let words = payload.split(separator: " ")
        return words.count == 4 && words[0] == "master" && words[1] == masterName
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
