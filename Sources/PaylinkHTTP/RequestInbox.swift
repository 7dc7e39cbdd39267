import PaylinkSystem

/// The hand-off point between callers and the event thread: new transfers, cancellations and
/// the shutdown flag, all under one lock.
///
/// Callers never touch curl; they enqueue here and wake the event thread, which drains the
/// inbox on every loop turn. `@unchecked Sendable`: all mutable state is guarded by `lock`.
final class RequestInbox: @unchecked Sendable {
    /// What the event thread takes on one loop turn.
    struct Batch {
        var submissions: [Transfer] = []
        var cancellations: [Transfer] = []
        var shutdownError: HTTPClientError?
    }

    private let lock = Lock()
    private let poller: SocketPoller
    private var pending = Batch()
    /// True from a wakeup until the event thread drains: one wakeup serves a burst of requests.
    private var wakeupPending = false
    /// Set once; new submissions fail with it.
    private var shutdownError: HTTPClientError?

    init(poller: SocketPoller) {
        self.poller = poller
    }

    /// Queues a transfer whose continuation is set, or completes it at once if it was cancelled
    /// before it got here or the client is shut down.
    func submit(_ transfer: Transfer) {
        lock.lock()
        if let shutdownError {
            lock.unlock()
            transfer.complete(.failure(shutdownError.attributed(to: transfer.request)))
            return
        }
        if transfer.isCancelRequested {
            lock.unlock()
            transfer.complete(.failure(Self.cancelled(transfer.request)))
            return
        }
        transfer.isSubmitted = true
        pending.submissions.append(transfer)
        wakeIfNeeded()
        lock.unlock()
    }

    /// Asks the event thread to stop `transfer`; if it was not submitted yet, `submit` will
    /// complete it as cancelled instead.
    func cancel(_ transfer: Transfer) {
        lock.lock()
        defer { lock.unlock() }
        transfer.isCancelRequested = true
        guard transfer.isSubmitted, shutdownError == nil else { return }
        pending.cancellations.append(transfer)
        wakeIfNeeded()
    }

    /// Makes the event thread fail everything with `error` and exit; later submissions fail
    /// with it too. Only the first call has an effect.
    func shutdown(with error: HTTPClientError) {
        lock.lock()
        defer { lock.unlock() }
        guard shutdownError == nil else { return }
        shutdownError = error
        pending.shutdownError = error
        poller.wakeup()
    }

    /// Whether `shutdown(with:)` has been called: by ``HTTPClient/shutdown()``, or by the event
    /// thread when curl's multi handle failed. Either way no request can succeed any more.
    var isShutDown: Bool {
        lock.lock()
        defer { lock.unlock() }
        return shutdownError != nil
    }

    /// Takes everything queued since the last call (event thread only).
    func take() -> Batch {
        lock.lock()
        defer { lock.unlock() }
        let batch = pending
        pending = Batch(shutdownError: pending.shutdownError)
        wakeupPending = false
        return batch
    }

    /// The error for a transfer cancelled before the event thread saw it: nothing was sent.
    static func cancelled(_ request: HTTPRequest) -> HTTPClientError {
        HTTPClientError(code: .cancelled, requestSent: false, message: "the calling task was cancelled", method: request.method.rawValue, url: request.url)
    }

    private func wakeIfNeeded() {
        if !wakeupPending {
            wakeupPending = true
            poller.wakeup()
        }
    }
}
