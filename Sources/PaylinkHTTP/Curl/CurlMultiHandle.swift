internal import CCurl

/// Owner of the `CURLM*` multi handle: the connection cache and the set of running transfers.
///
/// `@unchecked Sendable`: every method runs on the event thread except `wakeup()`, which libcurl
/// allows from any thread; `RequestInbox` calls it under its lock and never after shutdown
/// starts, and only the event thread calls `close()`, after shutdown started.
final class CurlMultiHandle: @unchecked Sendable {
    /// One completed transfer from `curl_multi_info_read`.
    struct Completion {
        var easy: UnsafeMutableRawPointer
        var result: CURLcode
    }

    private var multi: UnsafeMutableRawPointer?

    /// Initializes libcurl for the process on first use; `curl_global_init` is thread-safe
    /// since 7.84 and Swift runs this initializer once.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// - Parameter maxConnectionsPerHost: The per-host connection cap, also used as the cache
    ///   size so that many idle keep-alive connections to the one API host survive.
    /// - Throws: `.other` if libcurl cannot be initialized.
    init(maxConnectionsPerHost: Int) throws(HTTPClientError) {
        let global = Self.globalInit
        guard global == CURLE_OK else {
            throw HTTPClientError.curl(.easy(global), call: "curl_global_init")
        }
        guard let handle = curl_multi_init() else {
            throw HTTPClientError(code: .other, requestSent: false, message: "curl_multi_init: out of memory")
        }
        multi = handle
        let connections = max(1, maxConnectionsPerHost)
        try check(CCurl_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, connections), "curl_multi_setopt(MAX_HOST_CONNECTIONS)")
        try check(CCurl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, connections), "curl_multi_setopt(MAXCONNECTS)")
    }

    deinit {
        close()
    }

    /// Frees the handle and every cached connection; the caller removed all easy handles first.
    func close() {
        if let multi {
            curl_multi_cleanup(multi)
        }
        multi = nil
    }

    func add(_ easy: CurlEasyHandle) throws(HTTPClientError) {
        try check(curl_multi_add_handle(multi, easy.pointer), "curl_multi_add_handle")
    }

    /// Detaches a transfer, finished or not; curl keeps its connection if it can be reused.
    func remove(_ easy: CurlEasyHandle) {
        _ = curl_multi_remove_handle(multi, easy.pointer)
    }

    /// Hands curl's socket and timer requests to `callbacks` (passed to them unretained as
    /// `userp`; it must outlive the multi handle's use).
    func setCallbacks(socket: CCurl_socket_callback, timer: CCurl_timer_callback, userdata: UnsafeMutableRawPointer) throws(HTTPClientError) {
        try check(CCurl_multi_setopt_socket_callback(multi, socket), "curl_multi_setopt(SOCKETFUNCTION)")
        try check(CCurl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, userdata), "curl_multi_setopt(SOCKETDATA)")
        try check(CCurl_multi_setopt_timer_callback(multi, timer), "curl_multi_setopt(TIMERFUNCTION)")
        try check(CCurl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, userdata), "curl_multi_setopt(TIMERDATA)")
    }

    /// Drives the transfers on one ready socket (`CURL_CSELECT_*` in `events`), or, with
    /// `CURL_SOCKET_TIMEOUT`, every transfer whose timer expired.
    func socketAction(_ socket: Int32, events: Int32) throws(HTTPClientError) {
        var running: Int32 = 0
        try check(curl_multi_socket_action(multi, socket, events, &running), "curl_multi_socket_action")
    }

    /// The next finished transfer, or nil when there is none.
    func nextCompletion() -> Completion? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return Completion(easy: easy, result: CCurl_msg_result(message))
            }
        }
        return nil
    }

    private func check(_ status: CURLMcode, _ call: String) throws(HTTPClientError) {
        guard status != CURLM_OK else { return }
        throw HTTPClientError.curl(.multi(status), call: call)
    }
}
