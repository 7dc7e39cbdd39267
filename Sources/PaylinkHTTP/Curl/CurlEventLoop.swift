internal import CCurl
import Glibc
import Synchronization

/// The event thread's body: owns the multi handle's transfers and the easy-handle pool, drains
/// the `RequestInbox`, and drives curl with `curl_multi_socket_action` on the sockets epoll
/// reports ready, so each turn only touches transfers that have something to do.
///
/// `@unchecked Sendable`: it is created on the caller's thread, handed to the event thread and
/// from then on used only there (curl calls its socket and timer callbacks from inside
/// `socketAction`, on that thread); `connectionsOpened` is atomic for tests that read it.
final class CurlEventLoop: @unchecked Sendable {
    /// Upper bound on one wait in milliseconds, in case curl's timer is never set.
    private static let maxWaitMilliseconds: Int64 = 1_000

    private let multi: CurlMultiHandle
    private let poller: SocketPoller
    private let inbox: RequestInbox
    private let configuration: HTTPClientConfiguration
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    /// The header list of the last request, reused while requests send the same headers (an
    /// API client sends the same token and content type on every call).
    private var lastHeaders: (headers: HTTPHeaders, list: CurlHeaderList)?
    /// When curl wants `CURL_SOCKET_TIMEOUT` (monotonic ms); nil when it has no timer.
    private var timerDeadline: Int64?
    /// Connections opened so far (CURLINFO_NUM_CONNECTS summed), to observe keep-alive reuse.
    let connectionsOpened = Atomic<Int>(0)

    init(multi: CurlMultiHandle, poller: SocketPoller, inbox: RequestInbox, configuration: HTTPClientConfiguration) {
        self.multi = multi
        self.poller = poller
        self.inbox = inbox
        self.configuration = configuration
    }

    /// Runs until the inbox reports shutdown (or curl's multi handle fails), then completes
    /// every transfer with that error and frees all curl handles.
    func run() {
        failEverything(with: runUntilFailure())
    }

    private func runUntilFailure() -> HTTPClientError {
        do throws(HTTPClientError) {
            try installCallbacks()
        } catch {
            inbox.shutdown(with: error)
            return error
        }
        var woken = true
        while true {
            if woken {
                let batch = inbox.take()
                // Submissions first: a cancellation in the same batch may target one of them.
                batch.submissions.forEach(start)
                batch.cancellations.forEach(cancel)
                if let shutdownError = batch.shutdownError {
                    return shutdownError
                }
            }
            do throws(HTTPClientError) {
                var actionError: HTTPClientError?
                woken = poller.wait(milliseconds: waitMilliseconds()) { ready in
                    do throws(HTTPClientError) {
                        try multi.socketAction(ready.socket, events: ready.curlEvents)
                    } catch {
                        actionError = error
                    }
                }
                if let actionError { throw actionError }
                if let deadline = timerDeadline, deadline <= Self.monotonicMilliseconds() {
                    // curl sets a new timer from inside the call if it still needs one.
                    timerDeadline = nil
                    try multi.socketAction(CURL_SOCKET_TIMEOUT, events: 0)
                }
                while let completion = multi.nextCompletion() {
                    finish(completion)
                }
            } catch {
                // The multi handle itself is broken (out of memory, internal error): nothing
                // can run on it any more, so the client fails like a shut-down one.
                inbox.shutdown(with: error)
                return error
            }
        }
    }

    private func waitMilliseconds() -> Int32 {
        guard let timerDeadline else { return Int32(Self.maxWaitMilliseconds) }
        return Int32(min(Self.maxWaitMilliseconds, max(0, timerDeadline - Self.monotonicMilliseconds())))
    }

    private func installCallbacks() throws(HTTPClientError) {
        try multi.setCallbacks(
            socket: { _, socket, what, userp, _ in
                guard let userp else { return -1 }
                Unmanaged<CurlEventLoop>.fromOpaque(userp).takeUnretainedValue().poller.watch(socket, curlWhat: what)
                return 0
            },
            timer: { _, timeoutMilliseconds, userp in
                guard let userp else { return -1 }
                let loop = Unmanaged<CurlEventLoop>.fromOpaque(userp).takeUnretainedValue()
                loop.timerDeadline = timeoutMilliseconds < 0 ? nil : CurlEventLoop.monotonicMilliseconds() + Int64(timeoutMilliseconds)
                return 0
            },
            userdata: Unmanaged.passUnretained(self).toOpaque())
    }

    fileprivate static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }

    private func start(_ transfer: Transfer) {
        do throws(HTTPClientError) {
            let headerList = try headerList(for: transfer.request.headers)
            let easy = try takeIdleHandle()
            do throws(HTTPClientError) {
                try easy.configure(for: transfer, headerList: headerList, configuration: configuration)
                try multi.add(easy)
            } catch {
                recycle(easy)
                throw error
            }
            transfer.easy = easy
            active[easy.pointer] = transfer
        } catch {
            transfer.complete(.failure(error.attributed(to: transfer.request)))
        }
    }

    private func cancel(_ transfer: Transfer) {
        guard let easy = transfer.easy, active[easy.pointer] === transfer else {
            return  // already finished
        }
        active[easy.pointer] = nil
        multi.remove(easy)
        let error = HTTPClientError(
            code: .cancelled, requestSent: easy.bytesWritten, message: "the calling task was cancelled",
            method: transfer.request.method.rawValue, url: transfer.request.url)
        recycle(easy)
        transfer.complete(.failure(error))
    }

    private func finish(_ completion: CurlMultiHandle.Completion) {
        guard let transfer = active.removeValue(forKey: completion.easy), let easy = transfer.easy else { return }
        multi.remove(easy)
        connectionsOpened.add(easy.connectionsOpened, ordering: .relaxed)
        let result: Result<HTTPResponse, HTTPClientError>
        if completion.result == CURLE_OK {
            result = .success(HTTPResponse(status: easy.responseCode, headers: transfer.headers, body: transfer.body))
        } else {
            result = .failure(
                .curl(
                    .easy(completion.result), call: "curl_multi_socket_action", detail: easy.errorDetail,
                    request: transfer.request, bytesWritten: easy.bytesWritten, bodyLimitExceeded: transfer.bodyLimitExceeded
                ))
        }
        if let observer = configuration.observer {
            observe(result, easy: easy, url: transfer.request.url, observer)
        }
        recycle(easy, failed: completion.result != CURLE_OK)
        transfer.complete(result)
    }

    private func observe(
        _ result: Result<HTTPResponse, HTTPClientError>, easy: CurlEasyHandle, url: String, _ observer: (HTTPExchange) -> Void
    ) {
        switch result {
        case .success(let response):
            observer(HTTPExchange(url: url, status: response.status, failure: nil, totalTime: easy.totalTime))
        case .failure(let error):
            observer(HTTPExchange(url: url, status: nil, failure: error.code, totalTime: easy.totalTime))
        }
    }

    private func failEverything(with error: HTTPClientError) {
        for transfer in active.values {
            guard let easy = transfer.easy else { continue }
            multi.remove(easy)
            transfer.complete(.failure(HTTPClientError(code: error.code, requestSent: easy.bytesWritten, message: error.message, method: transfer.request.method.rawValue, url: transfer.request.url)))
        }
        active.removeAll()
        idleHandles.removeAll()
        multi.close()
    }

    private func headerList(for headers: HTTPHeaders) throws(HTTPClientError) -> CurlHeaderList {
        if let lastHeaders, lastHeaders.headers.hasSameFields(as: headers) {
            return lastHeaders.list
        }
        let list = try CurlEasyHandle.headerList(for: headers)
        lastHeaders = (headers, list)
        return list
    }

    /// A pooled handle or a new one.
    private func takeIdleHandle() throws(HTTPClientError) -> CurlEasyHandle {
        if let easy = idleHandles.popLast() {
            return easy
        }
        return try CurlEasyHandle()
    }

    /// Keeps a finished handle for the next transfer, with its shared options and buffers;
    /// a handle whose transfer failed is reset first, so nothing of that failure carries over.
    private func recycle(_ easy: CurlEasyHandle, failed: Bool = true) {
        // As many as there can be connections: a handle dropped here is re-created (and its
        // options set again) by the next request.
        guard idleHandles.count < configuration.maxConnectionsPerHost else { return }
        if failed {
            easy.reset()
        }
        idleHandles.append(easy)
    }
}
