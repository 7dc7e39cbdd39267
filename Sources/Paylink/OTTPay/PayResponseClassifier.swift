import PaylinkHTTP

/// Sorts a pay call's HTTP outcome into a link or a failure kind (pure logic, tested alone).
///
/// The rule that matters for money: once the request may have reached the API, anything that is
/// not an explicit answer is `ambiguous`, because a link may have been created.
///
/// HTTP statuses (the API documents none, so these are judgments):
/// - 401, or the 10003 envelope under any status: refused credentials; the worker stops.
/// - 404, 405: the endpoint is wrong (base URL, path, method), which holds for every order:
///   the worker stops (`configuration`) instead of failing each order it touches.
/// - 403 without 10003: a proxy's or WAF's refusal, kept apart from refused credentials. It
///   is `transient`: a refusal means nothing was created, and WAF rules often match one
///   request's content (a remark), so stopping the fleet on it would let one order halt
///   every merchant profile, again after each restart. A lasting 403 shows as orders failing
///   with `http_403` once their attempts are used up (`paylink dead retry` sends them again).
/// - 408, 425: the server did not process the request (timeout reading it, too early):
///   `transient`.
/// - 503 and 20004 are `transient` with or without `Retry-After`: both say the request was
///   not processed. A proxy's 503 after an upstream reset could in principle follow a processed
///   request; that risk is accepted because the API documents 20004 as a server-side failure
///   and a 503 is what its proxies send when the service is down.
/// - Other 4xx (400, 413, ...): the order is invalid, a permanent `failed`.
/// - 5xx other than 503: `ambiguous`.
enum PayResponseClassifier {
    static func classify(_ response: HTTPResponse) -> Result<PaymentLink, PayFailure> {
        let envelope = APIEnvelope.decode(response.body)
        if case .error(let code, let message)? = envelope {
            switch code {
            case "10005": return .failure(PayFailure(kind: .invalidOrder, code: code, message: message))
            case "10003": return .failure(PayFailure(kind: .credentials, code: code, message: message))
            case "20004": return .failure(PayFailure(kind: .transient, code: code, message: message, retryAfter: response.retryAfter))
            default: break
            }
        }
        switch response.status {
        case 429:
            return .failure(PayFailure(kind: .rateLimited, code: "http_429", message: "rate limited by the API", retryAfter: response.retryAfter))
        case 401:
            return .failure(PayFailure(kind: .credentials, code: "http_401", message: "authorization refused"))
        case 403:
            return .failure(PayFailure(
                kind: .transient, code: "http_403",
                message: "forbidden by the API or a proxy in front of it (not a credentials refusal): \(errorMessage(envelope, response))",
                retryAfter: response.retryAfter))
        case 404, 405:
            return .failure(PayFailure(
                kind: .configuration, code: "http_\(response.status)",
                message: "the API has no such endpoint (\(errorMessage(envelope, response))): check --api-base-url"))
        case 408, 425:
            return .failure(PayFailure(
                kind: .transient, code: "http_\(response.status)", message: "the API did not process the request",
                retryAfter: response.retryAfter))
        case 503:
            return .failure(PayFailure(kind: .transient, code: "http_503", message: "API unavailable", retryAfter: response.retryAfter))
        case 400...499:
            return .failure(PayFailure(kind: .invalidOrder, code: "http_\(response.status)", message: errorMessage(envelope, response)))
        case 200...299:
            break
        default:
            return .failure(PayFailure(kind: .ambiguous, code: "http_\(response.status)", message: errorMessage(envelope, response)))
        }
        switch envelope {
        case .success(let result)?:
            guard let payInfo = result["payInfo"]?.stringValue, !payInfo.isEmpty else {
                return .failure(PayFailure(kind: .ambiguous, code: "bad_response", message: "SUCCESS without payInfo"))
            }
            return .success(
                PaymentLink(
                    payInfo: payInfo, paymentId: result["paymentId"]?.stringValue ?? "",
                    merchantId: result["merchantId"]?.stringValue ?? "", amount: amountText(result["amount"]),
                    bizPayOrderId: result["bizPayOrderId"]?.stringValue ?? ""))
        case .error(let code, let message)?:
            return .failure(PayFailure(kind: .refused, code: code, message: message))
        case nil:
            return .failure(PayFailure(kind: .ambiguous, code: "bad_response", message: "HTTP \(response.status) with an unreadable body"))
        }
    }

    static func classify(_ error: HTTPClientError) -> PayFailure {
        let code = error.code == .timedOut ? "timeout" : "\(error.code)"
        if error.requestSent {
            return PayFailure(kind: .ambiguous, code: code, message: error.message)
        }
        return PayFailure(kind: .transient, code: code, message: error.message)
    }

    /// The answer's amount as it was written, a JSON string or number, so `LinkCheck` sees a
    /// number too; empty when absent or null (wap-pay), and for any other type, which then
    /// cannot match the order.
    private static func amountText(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let literal)?: literal
        case nil, .null?: ""
        default: "(not a string)"
        }
    }

    private static func errorMessage(_ envelope: APIEnvelope?, _ response: HTTPResponse) -> String {
        if case .error(let code, let message)? = envelope { return "\(code): \(message)" }
        return "HTTP \(response.status)"
    }
}
