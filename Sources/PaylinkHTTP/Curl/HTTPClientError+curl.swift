internal import CCurl

/// A libcurl status from either API family, so one function can translate both.
enum CurlStatus {
    case easy(CURLcode)
    case multi(CURLMcode)
}

extension HTTPClientError {
    /// The one place libcurl's error conventions (`CURLcode`/`CURLMcode` plus `curl_easy_strerror`
    /// and the `CURLOPT_ERRORBUFFER` text) become an ``HTTPClientError`` naming the failed call.
    /// - Parameters:
    ///   - status: What curl returned.
    ///   - call: The curl call (and option) that returned it, e.g. "curl_easy_setopt(URL)".
    ///   - detail: The transfer's error-buffer text, if any.
    ///   - request: The request, for the method and redacted URL in the description.
    ///   - bytesWritten: Whether curl wrote any request byte to a socket (see `CurlEasyHandle`).
    ///   - bodyLimitExceeded: Whether our write callback refused the body for being too large.
    static func curl(
        _ status: CurlStatus,
        call: String,
        detail: String = "",
        request: HTTPRequest? = nil,
        bytesWritten: Bool = false,
        bodyLimitExceeded: Bool = false
    ) -> HTTPClientError {
        let summary: String
        let code: Code
        let requestSent: Bool
        switch status {
        case .easy(let result):
            summary = String(cString: curl_easy_strerror(result))
            code = bodyLimitExceeded ? .responseTooLarge : classify(result)
            // Fail-safe for payments: only codes that stop curl before it writes the request may
            // say "not sent", and even then only if no byte went out (a silent retry could have).
            requestSent = bytesWritten || !Self.stopsBeforeSending(result)
        case .multi(let result):
            summary = String(cString: curl_multi_strerror(result))
            code = .other
            requestSent = bytesWritten
        }
        let text = detail.isEmpty || detail == summary ? summary : "\(summary): \(detail)"
        return HTTPClientError(
            code: code,
            requestSent: requestSent,
            message: "\(call): \(text)",
            method: request?.method.rawValue ?? "",
            url: request?.url ?? ""
        )
    }

    private static func classify(_ result: CURLcode) -> Code {
        switch result {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            .connectionClosed
        // A reused connection died after the body went out and before any answer; curl would
        // have sent the request again but cannot rewind the body (see `CurlEasyHandle.setBody`).
        case CURLE_SEND_FAIL_REWIND:
            .connectionClosed
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED:
            .tlsFailure
        case CURLE_FILESIZE_EXCEEDED:
            .responseTooLarge
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            .invalidRequest
        default:
            .other
        }
    }

    /// Codes curl returns before the request is written (or, for a timeout, cancellation and
    /// setup errors, when `bytesWritten` is the only evidence and is trustworthy: curl counts
    /// what the socket accepted into CURLINFO_REQUEST_SIZE).
    private static func stopsBeforeSending(_ result: CURLcode) -> Bool {
        switch result {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
            CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT,
            CURLE_UNKNOWN_OPTION, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_USE_SSL_FAILED, CURLE_OPERATION_TIMEDOUT, CURLE_ABORTED_BY_CALLBACK:
            true
        default:
            false
        }
    }
}
