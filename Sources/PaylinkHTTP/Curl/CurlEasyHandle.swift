internal import CCurl

/// Owner of one `CURL*` easy handle and its error buffer; used only on the event thread and
/// freed exactly once, on deinit. Reused across transfers after `reset()`.
final class CurlEasyHandle {
    /// The handle, exposed for identity (matching `curl_multi_info_read` messages) and for the
    /// multi handle's add/remove calls; it never outlives this object.
    let pointer: UnsafeMutableRawPointer
    /// CURLOPT_ERRORBUFFER storage: curl writes a detailed message here on failure.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Whether the options every transfer shares are set (see `configure`); false after `reset()`.
    var hasSharedOptions = false
    /// The URL curl holds, so the same URL is not copied into curl again for every transfer.
    var lastURL: String?

    /// - Throws: `.other` if curl cannot allocate a handle.
    init() throws(HTTPClientError) {
        guard let handle = curl_easy_init() else {
            throw HTTPClientError(code: .other, requestSent: false, message: "curl_easy_init: out of memory")
        }
        pointer = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(pointer)
        errorBuffer.deallocate()
    }

    /// Clears every option so the next transfer starts clean; keeps the handle's DNS cache and
    /// session IDs (connections live in the multi handle's cache either way).
    func reset() {
        curl_easy_reset(pointer)
        hasSharedOptions = false
        lastURL = nil
    }

    /// Points curl at this handle's error buffer, cleared, as `curl_easy_reset` forgets it.
    func attachErrorBuffer() throws(HTTPClientError) {
        errorBuffer[0] = 0
        try check(CCurl_easy_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
    }

    /// Empties the error buffer, so a message from an earlier transfer cannot be reported again.
    func clearErrorDetail() {
        errorBuffer[0] = 0
    }

    /// The text curl left in the error buffer for the last failure; empty if none.
    var errorDetail: String {
        String(cString: errorBuffer)
    }

    func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(CCurl_easy_setopt_long(pointer, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(CCurl_easy_setopt_string(pointer, option, value), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(HTTPClientError) {
        try check(CCurl_easy_setopt_off_t(pointer, option, curl_off_t(value)), option)
    }

    func set(_ option: CURLoption, _ list: CurlHeaderList) throws(HTTPClientError) {
        try check(CCurl_easy_setopt_slist(pointer, option, list.pointer), option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(HTTPClientError) {
        try check(CCurl_easy_setopt_pointer(pointer, option, value), option)
    }

    func set(_ option: CURLoption, callback: CCurl_write_callback) throws(HTTPClientError) {
        try check(CCurl_easy_setopt_write_callback(pointer, option, callback), option)
    }

    func set(readCallback: CCurl_read_callback) throws(HTTPClientError) {
        try check(CCurl_easy_setopt_read_callback(pointer, readCallback), CURLOPT_READFUNCTION)
    }

    /// Makes the transfer a POST whose `count` body bytes curl reads from the transfer through
    /// CURLOPT_READFUNCTION (set once per handle), with no copy into curl.
    ///
    /// There is deliberately no CURLOPT_SEEKFUNCTION: when a reused connection dies after the
    /// body went out and before any answer, curl would otherwise rewind the body and send the
    /// request again on a new connection by itself, and a POST the server did process (then
    /// crashed, or a balancer dropped the flow) would create a second payment link with nobody
    /// knowing. Without a way to rewind, curl fails the transfer with CURLE_SEND_FAIL_REWIND,
    /// which counts as sent (see `HTTPClientError.curl`), so the caller treats it as ambiguous.
    /// A request whose body never left (the connection died during the headers) is still
    /// retried by curl, which is safe: the server cannot have acted on half a request.
    ///
    /// Cost: no copy of the body into curl (COPYPOSTFIELDS allocated one per request), but
    /// libcurl 7.x sends a callback body in a send() of its own after the headers.
    func setBody(count: Int, transfer userdata: UnsafeMutableRawPointer) throws(HTTPClientError) {
        try set(CURLOPT_POST, 1)
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(count))
        try set(CURLOPT_READDATA, pointer: userdata)
    }

    /// The final response's status code; 0 if none arrived.
    var responseCode: Int {
        var value = 0
        _ = CCurl_easy_getinfo_long(pointer, CURLINFO_RESPONSE_CODE, &value)
        return value
    }

    /// curl's total time for the transfer; zero if unreadable.
    var totalTime: Duration {
        var microseconds: curl_off_t = 0
        guard CCurl_easy_getinfo_off_t(pointer, CURLINFO_TOTAL_TIME_T, &microseconds) == CURLE_OK, microseconds > 0 else { return .zero }
        return .microseconds(microseconds)
    }

    /// New connections this transfer opened (0 when it reused a cached one).
    var connectionsOpened: Int {
        var value = 0
        _ = CCurl_easy_getinfo_long(pointer, CURLINFO_NUM_CONNECTS, &value)
        return value
    }

    /// Whether any request byte was accepted by a socket: curl adds what each send wrote to
    /// CURLINFO_REQUEST_SIZE (headers) and CURLINFO_SIZE_UPLOAD_T (body). Unreadable counts as sent.
    var bytesWritten: Bool {
        var headerBytes = 0
        var bodyBytes: curl_off_t = 0
        guard CCurl_easy_getinfo_long(pointer, CURLINFO_REQUEST_SIZE, &headerBytes) == CURLE_OK,
            CCurl_easy_getinfo_off_t(pointer, CURLINFO_SIZE_UPLOAD_T, &bodyBytes) == CURLE_OK
        else { return true }
        return headerBytes > 0 || bodyBytes > 0
    }

    private func check(_ status: CURLcode, _ option: CURLoption) throws(HTTPClientError) {
        guard status != CURLE_OK else { return }
        let name = curl_easy_option_by_id(option).map { String(cString: $0.pointee.name) } ?? "option \(option.rawValue)"
        throw HTTPClientError.curl(.easy(status), call: "curl_easy_setopt(\(name))")
    }
}
