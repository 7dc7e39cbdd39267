import Logging

extension RedisConnectionLoop {
    /// Opens a client's connections: straight to the URL's server, or, for a Sentinel URL, to
    /// the master the shared resolver names, checked with `ROLE` and registered so that the
    /// `+switch-master` watcher can cut it. Lives on the loop's thread.
    struct Connector {
        private let configuration: RedisConfiguration
        private let logger: Logger
        /// Made at the first TLS connect when the configuration brings none, then kept.
        private var tls: RedisTLSContext?
        private let member: RedisSentinelResolver.Member?
        /// The resolver's generation of the open connection's address.
        private var generation: UInt64?
        /// The generation this client saw fail, for the next resolve.
        private var failed: UInt64?

        init(configuration: RedisConfiguration, queue: RedisRequestQueue, logger: Logger) {
            self.configuration = configuration
            self.logger = logger
            tls = configuration.tls
            member = configuration.resolver?.join(
                connectTimeout: configuration.connectTimeout, logger: logger, wake: { [queue] in queue.wakeForRetry() })
        }

        mutating func connect() throws(RedisError) -> RedisConnection {
            guard let resolver = configuration.resolver, let member else {
                if configuration.url.usesTLS && tls == nil { tls = try RedisTLSContext() }
                return try RedisConnection(
                    configuration: configuration, address: configuration.url.address,
                    tls: configuration.url.usesTLS ? tls : nil)
            }
            let resolution = try resolver.resolve(failed: failed, connectTimeout: configuration.connectTimeout)
            do throws(RedisError) {
                let connection = try RedisConnection(
                    configuration: configuration, address: resolution.address, tls: try resolver.tlsContext())
                try connection.confirmMaster(at: resolution.address)
                member.connected(fd: connection.fileDescriptor, to: resolution.address)
                connection.onClose = { [member] in member.disconnected() }
                generation = resolution.generation
                failed = nil
                return connection
            } catch {
                failed = resolution.generation
                let message = error.message.contains("\(resolution.address)") ? error.message : "master \(resolution.address): \(error.message)"
                throw RedisError(code: error.code, command: error.command, message: message)
            }
        }

        /// The open connection failed (disconnect, timeout, `-READONLY`): the next connect asks
        /// the sentinels again, unless another client already has since.
        mutating func connectionFailed() {
            if let generation { failed = generation }
            generation = nil
        }

        /// Whether the `+switch-master` watcher shut the open connection down.
        var connectionWasCut: Bool { member?.wasCut ?? false }

        func leave() {
            if let member { configuration.resolver?.leave(member) }
        }
    }
}
