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
        var backoff = RedisBackoff(base: configuration.reconnectBackoffBase, cap: configuration.reconnectBackoffCap)
        var connector = Connector(configuration: configuration, queue: queue, logger: logger)
        defer { connector.leave() }
        while queue.waitForWork() {
            if connection != nil && connector.connectionWasCut {
                // The master moved: nothing was written to this one, so nothing is in doubt.
                connection = nil
                connector.connectionFailed()
            }
            if connection == nil {
                do {
                    connection = try connector.connect()
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
                connector.connectionFailed()
            }
        }
        // Debug, not info: a command that fails shuts its clients down before it logs the error
        // that ends it, and this line must not come after that record (LogFormatTests).
        logger.debug("Redis client stopped")
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
        let demoted = configuration.resolver != nil && Self.failReadOnlyRequests(batch, &results)
        for (request, result) in zip(batch, results) { request.complete(result) }
        if demoted {
            logger.warning("Redis answered -READONLY or -UNBLOCKED: the master was demoted; asking the sentinels again")
            return false
        }
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

    /// Finds `-READONLY` replies (the server is a replica now: a failover demoted it), and
    /// `-UNBLOCKED` (a blocking command the demotion ended), and turns
    /// every request that the server refused whole into `.connectionFailed`, which says the
    /// command did not run and may be sent again: a replica runs no write, and a request all of
    /// whose replies are errors ran nothing else. A request with some replies that succeeded
    /// keeps its replies, whose errors say exactly which commands did not take effect.
    /// - Returns: whether any reply was `-READONLY`.
    static func failReadOnlyRequests(_ batch: [RedisRequest], _ results: inout [Result<[RedisValue], RedisError>]) -> Bool {
        var found = false
        for index in results.indices {
            guard case .success(let replies) = results[index] else { continue }
            guard replies.contains(where: isDemotion) else { continue }
            found = true
            guard replies.allSatisfy({ if case .error = $0 { true } else { false } }) else { continue }
            results[index] = .failure(
                RedisError(
                    code: .connectionFailed, command: batch[index].label,
                    message: "the server is a read-only replica now (a failover); not run, safe to send again"))
        }
        return found
    }

    private static func isDemotion(_ reply: RedisValue) -> Bool {
        guard case .error(let message) = reply else { return false }
        return message.hasPrefix("READONLY") || message.hasPrefix("UNBLOCKED")
    }
}
