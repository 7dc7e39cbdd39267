import PaylinkSystem

/// The hand-off between async callers and a client's thread.
///
/// Callers append under the lock and signal; the thread takes everything queued at once, which
/// is what turns concurrent callers into one pipelined round trip. Requests not yet taken can
/// still be cancelled, expire while the client is disconnected, or fail when it closes.
final class RedisRequestQueue: @unchecked Sendable {  // All mutable state is guarded by `condition`.
    private let condition = Condition()
    private var pending: [RedisRequest] = []
    private var isClosed = false
    /// Set by ``wakeForRetry()``: the wait before the next connect attempt ends early.
    private var retryNow = false
    /// Why the queue closed, for the requests it refuses.
    private var closedBecause = "the client was shut down"
    /// Whether requests fail as soon as a connect attempt fails, rather than at their deadline:
    /// a cluster node's queue, whose router retries elsewhere (a replica may own the slot now).
    private let failsWhileDisconnected: Bool

    init(failsWhileDisconnected: Bool = false) {
        self.failsWhileDisconnected = failsWhileDisconnected
    }

    /// Queues `request`, or completes it at once when it was cancelled or the queue is closed.
    func enqueue(_ request: RedisRequest, continuation: RedisRequest.Continuation) {
        condition.lock()
        if request.state == .finished || isClosed {
            let error = request.state == .finished
                ? Self.cancelledBeforeSending(request)
                : RedisError(code: .closed, command: request.label, message: closedBecause)
            request.state = .finished
            condition.unlock()
            continuation.resume(returning: .failure(error))
            return
        }
        request.continuation = continuation
        request.state = .queued
        pending.append(request)
        condition.signal()
        condition.unlock()
    }

    /// Fails `request` with `.cancelled` unless the thread has already taken it.
    func cancel(_ request: RedisRequest) {
        condition.lock()
        switch request.state {
        case .created:
            // `enqueue` has not run yet; it will see this and fail the request.
            request.state = .finished
            condition.unlock()
        case .queued:
            let continuation = take(request)
            condition.unlock()
            continuation?.resume(returning: .failure(Self.cancelledBeforeSending(request)))
        case .finished, .taken:
            condition.unlock()
        }
    }

    /// Blocks until a request is queued; returns `false` once the queue is closed.
    func waitForWork() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !isClosed { condition.wait() }
        return !isClosed
    }

    /// Takes every live request; the caller must complete each one.
    func takeAll() -> [RedisRequest] {
        condition.lock()
        let queued = pending
        pending.removeAll(keepingCapacity: true)
        var live: [RedisRequest] = []
        live.reserveCapacity(queued.count)
        for request in queued where request.state == .queued {
            request.state = .taken
            live.append(request)
        }
        condition.unlock()
        return live
    }

    /// While disconnected: waits until `retryAt` (or close), failing requests whose deadline
    /// passes with `.connectionFailed` carrying `reason`.
    func waitForRetry(until retryAt: ContinuousClock.Instant, reason: String) {
        condition.lock()
        while !isClosed {
            let now = ContinuousClock.now
            let expired = removeAll { failsWhileDisconnected || $0.deadline <= now }
            if !expired.isEmpty {
                condition.unlock()
                let message =
                    failsWhileDisconnected
                    ? "no connection (\(reason))" : "no connection within the command timeout (\(reason))"
                fail(expired, with: RedisError(code: .connectionFailed, message: message))
                condition.lock()
                continue
            }
            if now >= retryAt || retryNow { break }
            let wakeAt = pending.reduce(retryAt) { min($0, $1.deadline) }
            condition.wait(timeout: wakeAt - now)
        }
        retryNow = false
        condition.unlock()
    }

    /// Ends a ``waitForRetry(until:reason:)`` in progress (or the next one) at once: the Sentinel
    /// watcher saw the master move, so the next attempt can succeed now.
    func wakeForRetry() {
        condition.lock()
        retryNow = true
        condition.broadcast()
        condition.unlock()
    }

    /// Fails every queued request with `error` (for example a rejected password).
    func failAll(with error: RedisError) {
        condition.lock()
        let queued = removeAll { _ in true }
        condition.unlock()
        fail(queued, with: error)
    }

    /// Closes the queue: queued requests and later ones fail with `.closed`, saying `reason`.
    /// Idempotent: the first reason stays.
    func close(because reason: String = "the client was shut down") {
        condition.lock()
        if !isClosed { closedBecause = reason }
        isClosed = true
        let queued = removeAll { _ in true }
        condition.broadcast()
        condition.unlock()
        fail(queued, with: RedisError(code: .closed, message: closedBecause))
    }

    /// How many requests wait to be written; for tests.
    var queuedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return pending.count(where: { $0.state == .queued })
    }

    /// Removes matching live requests and takes their continuations; call with the lock held.
    private func removeAll(
        where shouldRemove: (RedisRequest) -> Bool
    ) -> [(RedisRequest, RedisRequest.Continuation?)] {
        var removed: [(RedisRequest, RedisRequest.Continuation?)] = []
        pending.removeAll { request in
            guard request.state == .queued else { return true }
            guard shouldRemove(request) else { return false }
            removed.append((request, take(request)))
            return true
        }
        return removed
    }

    /// Marks a queued request finished and hands back its continuation; call with the lock held.
    private func take(_ request: RedisRequest) -> RedisRequest.Continuation? {
        request.state = .finished
        let continuation = request.continuation
        request.continuation = nil
        return continuation
    }

    private func fail(_ requests: [(RedisRequest, RedisRequest.Continuation?)], with error: RedisError) {
        for (request, continuation) in requests {
            continuation?.resume(returning: .failure(error.naming(request.label)))
        }
    }

    private static func cancelledBeforeSending(_ request: RedisRequest) -> RedisError {
        RedisError(code: .cancelled, command: request.label, message: "the task was cancelled before sending")
    }
}
