import PaylinkHTTP

/// Sorts a pay call's HTTP outcome into a link or a failure kind (pure logic, tested alone).
///
/// The rule that matters for money: once the request may have reached the API, anything that is
/// not an explicit answer is `ambiguous`, because a link may have been created.
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
        case 401, 403:
            return .failure(PayFailure(kind: .credentials, code: "http_\(response.status)", message: "authorization refused"))
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
