import Glibc
import Logging
import PaylinkSystem

/// The body of a client's dedicated thread: (re)connects, writes whole batches, reads replies.
///
/// All hiredis calls happen here, off Swift's cooperative pool. Each turn takes every queued
/// request, appends all their commands, reads the replies in order, then resumes the callers.
final class RedisConnectionLoop: Sendable {
    private let configuration: RedisConfiguration
    private let queue: RedisRequestQueue
    private let logger: Logger

    init(configuration: RedisConfiguration, queue: RedisRequestQueue, logger: Logger) {
        self.configuration = configuration
        self.queue = queue
        self.logger = logger
    }

    /// Starts the thread; it ends after the queue is closed. If the OS refuses a thread (process
    /// or memory limits), the client is closed instead and every command fails saying so.
    func start() {
        do {
            try OSThread.detached(name: "paylink-\(configuration.name)") { self.run() }
        } catch {
            logger.critical("Cannot start the Redis client's thread: \(error)")
            queue.close(because: "the client's thread could not start (\(error))")
        }
    }

    private func run() {
        // A write to a connection the server has closed raises SIGPIPE, whose default action
        // ends the process; hiredis and OpenSSL write with write(2), which cannot be told not
        // to. Blocked on this thread, the write fails with EPIPE instead and the connection is
        // dropped like any other.
        var pipe = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipe, nil)
        var connection: RedisConnection?
        // Made at the first connect when the configuration brings none, then kept for reconnects.
        var tls: RedisTLSContext? = configuration.tls
        var backoff = RedisBackoff(base: configuration.reconnectBackoffBase, cap: configuration.reconnectBackoffCap)
        while queue.waitForWork() {
            if connection == nil {
                do {
                    if configuration.url.usesTLS && tls == nil { tls = try RedisTLSContext() }
                    connection = try RedisConnection(
                        configuration: configuration, address: configuration.url.address, tls: configuration.url.usesTLS ? tls : nil)
                    logger.info("Redis connected", metadata: ["after_failures": "\(backoff.failures)"])
                    backoff.reset()
                } catch {
                    // Settings to fix rather than a server that is down: waiting commands fail now.
                    if error.code == .authenticationFailed || error.code == .tlsFailed { queue.failAll(with: error) }
                    let delay = backoff.nextDelay(jitter: .random(in: 0...1))
                    let level: Logger.Level = backoff.failures == 1 ? .warning : .debug
                    logger.log(
                        level: level, "Redis connect failed", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                    queue.waitForRetry(until: .now + delay, reason: error.message)
                    continue
                }
            }
            guard let current = connection else { continue }
            let batch = queue.takeAll()
            if !batch.isEmpty && !execute(batch, on: current) {
                connection = nil  // Frees the dead context; the next request reconnects.
            }
        }
        logger.info("Redis client stopped")
    }

    /// Runs one batch; returns `false` when the connection must be dropped.
    private func execute(_ batch: [RedisRequest], on connection: RedisConnection) -> Bool {
        // hiredis gives up on a reply after the socket timeout and kills the context, so a
        // blocking command needs a timeout longer than its own for this batch only.
        let longestBlock = batch.lazy.compactMap(\.blockingTimeout).max()
        do throws(RedisError) {
            if let longestBlock { try connection.setSocketTimeout(longestBlock + configuration.commandTimeout) }
            for request in batch {
                for command in request.commands { try connection.append(command) }
            }
        } catch {
            // hiredis writes only when the first reply is read, so nothing was sent.
            for request in batch {
                request.complete(
                    .failure(RedisError(code: .connectionFailed, command: request.label, message: error.message)))
            }
            logger.warning("Redis batch not sent", metadata: ["error": "\(error)"])
            return false
        }
        // Replies are collected first and callers resumed together: resuming while still
        // reading would wake pool threads that compete with this one for the CPU.
        var failure: RedisError?
        var results: [Result<[RedisValue], RedisError>] = []
        results.reserveCapacity(batch.count)
        for request in batch {
            if let failure {
                results.append(.failure(failure.naming(request.label)))
                continue
            }
            do throws(RedisError) {
                var replies: [RedisValue] = []
                replies.reserveCapacity(request.commands.count)
                for _ in request.commands { replies.append(try connection.readReply()) }
                results.append(.success(replies))
            } catch {
                failure = error
                results.append(.failure(error.naming(request.label)))
            }
        }
        for (request, result) in zip(batch, results) { request.complete(result) }
        if let failure {
            logger.warning("Redis connection dropped", metadata: ["error": "\(failure)"])
            return false
        }
        if longestBlock != nil {
            do throws(RedisError) {
                try connection.restoreSocketTimeout()
            } catch {
                logger.warning("Redis connection dropped", metadata: ["error": "\(error)"])
                return false
            }
        }
        return true
    }
}
