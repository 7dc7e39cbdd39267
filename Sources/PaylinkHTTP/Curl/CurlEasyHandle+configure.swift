internal import CCurl

extension CurlEasyHandle {
    /// Sets the options of one transfer. The options every transfer shares are set once per
    /// handle, and a pooled handle keeps them (and its buffers) from one transfer to the next;
    /// only what differs per request is set again.
    ///
    /// The callbacks receive the transfer as unretained userdata: the event loop's table of
    /// active transfers keeps it alive for as long as curl can call back.
    /// - Parameter headerList: The request's header lines, built by the caller (and possibly
    ///   shared with other transfers that send the same headers); the transfer holds it.
    /// - Throws: A curl error.
    func configure(for transfer: Transfer, headerList: CurlHeaderList, configuration: HTTPClientConfiguration) throws(HTTPClientError) {
        let request = transfer.request
        if !hasSharedOptions {
            try setSharedOptions(configuration)
            hasSharedOptions = true
        }
        clearErrorDetail()
        if request.url != lastURL {
            try set(CURLOPT_URL, request.url)
            lastURL = request.url
        }
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout ?? configuration.timeout))
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()
        try set(CURLOPT_WRITEDATA, pointer: userdata)
        try set(CURLOPT_HEADERDATA, pointer: userdata)
        try setMethodAndBody(request, transfer: userdata)
        try set(CURLOPT_HTTPHEADER, headerList)
        transfer.headerList = headerList
    }

    /// The header lines curl must send with `headers`: no `Expect: 100-continue` (a round trip
    /// on every POST over 1 KiB), and no silent form-urlencoded Content-Type.
    /// - Throws: `.invalidRequest` for a header that cannot be sent.
    static func headerList(for headers: HTTPHeaders) throws(HTTPClientError) -> CurlHeaderList {
        var extraLines = ["Expect:"]
        if headers["Content-Type"] == nil {
            extraLines.append("Content-Type:")
        }
        return try CurlHeaderList(headers, extraLines: extraLines)
    }

    private func setSharedOptions(_ configuration: HTTPClientConfiguration) throws(HTTPClientError) {
        try attachErrorBuffer()
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        // Signals would interrupt other threads' syscalls; the multi interface needs none.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        try set(CURLOPT_MAXAGE_CONN, max(1, Int(configuration.maxIdleConnectionAge.components.seconds)))
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        // Each transfer in flight keeps its own buffers (16 KiB receive, 64 KiB upload by default).
        // A whole API answer, headers included, is about 1.5 KiB and request bodies a few hundred
        // bytes, so 2 KiB still reads an answer in one go and cuts memory per order in flight
        // (2 MB at 1,000); larger answers just take more reads.
        try set(CURLOPT_BUFFERSIZE, 2048)
        try set(CURLOPT_UPLOAD_BUFFERSIZE, 16384)
        // Lets curl refuse an announced Content-Length over the limit before reading the body.
        try set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(configuration.maxResponseBytes))
        try set(CURLOPT_WRITEFUNCTION, callback: { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            // Returning less than the full count makes curl abort with CURLE_WRITE_ERROR.
            return transfer.appendBody(bytes) ? size * count : 0
        })
        try set(CURLOPT_HEADERFUNCTION, callback: { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        try set(readCallback: { buffer, size, count, userdata in
            guard let userdata, let buffer else { return Int(CURL_READFUNC_ABORT) }
            let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.readBody(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
        })
    }

    private func setMethodAndBody(_ request: HTTPRequest, transfer: UnsafeMutableRawPointer) throws(HTTPClientError) {
        // A pooled handle still has the previous request's method: every case sets it anew.
        switch (request.method, request.body.isEmpty) {
        case (.get, true):
            try set(CURLOPT_HTTPGET, 1)
            try set(CURLOPT_CUSTOMREQUEST, pointer: nil)
        case (.delete, true):
            try set(CURLOPT_HTTPGET, 1)
            try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        default:
            try setBody(count: request.body.count, transfer: transfer)
            if request.method != .post {
                try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            } else {
                try set(CURLOPT_CUSTOMREQUEST, pointer: nil)
            }
        }
    }

    /// curl reads 0 as "no timeout", so anything shorter than 1 ms is rounded up to 1 ms.
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = seconds.multipliedReportingOverflow(by: 1_000)
        guard !total.overflow else { return Int.max }
        return max(1, Int(total.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
