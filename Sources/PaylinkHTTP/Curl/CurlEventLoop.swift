internal import CCurl
import Synchronization

/// The event thread's body: owns the multi handle's transfers and the easy-handle pool, and
/// alternates draining the `RequestInbox` with `curl_multi_perform` / `curl_multi_poll`.
///
/// `@unchecked Sendable`: it is created on the caller's thread, handed to the event thread and
/// from then on used only there; `connectionsOpened` is atomic for tests that read it.
final class CurlEventLoop: @unchecked Sendable {
    /// Idle easy handles kept for reuse; enough for typical concurrency, small in memory.
    private static let idleHandleLimit = 256
    /// Upper bound on one poll in milliseconds; curl shortens it to its own next timeout.
    private static let pollMilliseconds: Int32 = 1_000

    private let multi: CurlMultiHandle
    private let inbox: RequestInbox
    private let configuration: HTTPClientConfiguration
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    /// Connections opened so far (CURLINFO_NUM_CONNECTS summed), to observe keep-alive reuse.
    let connectionsOpened = Atomic<Int>(0)

    init(multi: CurlMultiHandle, inbox: RequestInbox, configuration: HTTPClientConfiguration) {
        self.multi = multi
        self.inbox = inbox
        self.configuration = configuration
    }

    /// Runs until the inbox reports shutdown (or curl's multi handle fails), then completes
    /// every transfer with that error and frees all curl handles.
    func run() {
        failEverything(with: runUntilFailure())
    }

    private func runUntilFailure() -> HTTPClientError {
        while true {
            let batch = inbox.take()
            // Submissions first: a cancellation in the same batch may target one of them.
            batch.submissions.forEach(start)
            batch.cancellations.forEach(cancel)
            if let shutdownError = batch.shutdownError {
                return shutdownError
            }
            do throws(HTTPClientError) {
                try multi.perform()
                while let completion = multi.nextCompletion() {
                    finish(completion)
                }
                try multi.poll(milliseconds: Self.pollMilliseconds)
            } catch {
                // The multi handle itself is broken (out of memory, internal error): nothing
                // can run on it any more, so the client fails like a shut-down one.
                inbox.shutdown(with: error)
                return error
            }
        }
    }

    private func start(_ transfer: Transfer) {
        do throws(HTTPClientError) {
            let easy = try takeIdleHandle()
            do throws(HTTPClientError) {
                try easy.configure(for: transfer, configuration: configuration)
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
                    .easy(completion.result), call: "curl_multi_perform", detail: easy.errorDetail,
                    request: transfer.request, bytesWritten: easy.bytesWritten, bodyLimitExceeded: transfer.bodyLimitExceeded
                ))
        }
        recycle(easy)
        transfer.complete(result)
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

    /// A pooled handle (already reset) or a new one.
    private func takeIdleHandle() throws(HTTPClientError) -> CurlEasyHandle {
        if let easy = idleHandles.popLast() {
            return easy
        }
        return try CurlEasyHandle()
    }

    private func recycle(_ easy: CurlEasyHandle) {
        guard idleHandles.count < Self.idleHandleLimit else { return }
        easy.reset()
        idleHandles.append(easy)
    }
}
