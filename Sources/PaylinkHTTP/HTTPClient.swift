import PaylinkSystem
import Synchronization

/// An async HTTP/1.1 client over libcurl's multi interface, with keep-alive connection reuse.
///
/// One dedicated thread ("paylink-http") runs every transfer, so no curl call ever blocks
/// Swift's cooperative pool. Create one client per process (or per remote API) and share it;
/// call ``shutdown()`` before exit. Non-2xx statuses are responses, not errors.
///
/// ```swift
/// let client = try HTTPClient()
/// defer { client.shutdown() }
/// let response = try await client.execute(HTTPRequest(method: .post, url: url, headers: headers, body: json))
/// ```
public final class HTTPClient: Sendable {
    private let configuration: HTTPClientConfiguration
    private let inbox: RequestInbox
    private let loop: CurlEventLoop
    private let thread: OSThread

    /// Creates a client and starts its event thread.
    /// - Parameter configuration: Timeouts, limits and user agent for every request.
    /// - Throws: `.other` if libcurl cannot be initialized or the thread cannot start.
    public init(configuration: HTTPClientConfiguration = .init()) throws(HTTPClientError) {
        let multi = try CurlMultiHandle(maxConnectionsPerHost: configuration.maxConnectionsPerHost)
        let poller = try SocketPoller()
        let inbox = RequestInbox(poller: poller)
        let loop = CurlEventLoop(multi: multi, poller: poller, inbox: inbox, configuration: configuration)
        self.configuration = configuration
        self.inbox = inbox
        self.loop = loop
        do {
            self.thread = try OSThread(name: "paylink-http") { loop.run() }
        } catch {
            throw HTTPClientError(code: .other, requestSent: false, message: error.description)
        }
    }

    deinit {
        shutdown()
    }

    /// Sends a request and waits for the whole response.
    ///
    /// Cancelling the calling task stops the transfer promptly and throws `.cancelled`.
    /// - Parameter request: The request; its `timeout` overrides the configured one.
    /// - Returns: The final response, whatever its status.
    /// - Throws: ``HTTPClientError``; check `requestSent` before retrying a non-idempotent call.
    public func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let transfer = Transfer(request: request, bodyLimit: configuration.maxResponseBytes)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                inbox.submit(transfer)
            }
        } onCancel: {
            inbox.cancel(transfer)
        }
        return try result.get()
    }

    /// Fails pending and running requests with `.shutdown`, stops the event thread and waits for
    /// it to end, freeing every connection. Safe to call more than once and from any thread.
    public func shutdown() {
        inbox.shutdown(with: HTTPClientError(code: .shutdown, requestSent: false, message: "HTTPClient.shutdown() was called"))
        thread.join()
    }

    /// Whether the client is closed for good: ``shutdown()`` was called, or its event loop
    /// failed (curl's multi handle broke), so every request fails from now on. A long-running
    /// caller such as a worker checks it to stop instead of failing every order it takes.
    public var isClosed: Bool {
        inbox.isShutDown
    }

    /// Connections opened so far; tests use it to see keep-alive reuse.
    var connectionsOpened: Int {
        loop.connectionsOpened.load(ordering: .relaxed)
    }
}
