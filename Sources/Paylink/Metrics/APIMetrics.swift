public import PaylinkHTTP
import Prometheus

/// `paylink_api_requests_total{endpoint,code}` and `paylink_api_request_duration_seconds{endpoint}`,
/// fed by the HTTP client's observer, so token calls count as well as pay calls.
public final class APIMetrics: Sendable {
    enum Endpoint: String, CaseIterable {
        case webPay = "web-pay"
        case wapPay = "wap-pay"
        case token
    }

    /// A bounded class of answer, never the raw status: a label per status code would let a
    /// misbehaving API create series at will.
    enum CodeClass: String, CaseIterable {
        case success = "2xx", clientError = "4xx", tooManyRequests = "429", serverError = "5xx", timeout, network

        init(_ exchange: HTTPExchange) {
            guard let status = exchange.status else {
                self = exchange.failure == .timedOut ? .timeout : .network
                return
            }
            switch status {
            case 200..<300: self = .success
            case 429: self = .tooManyRequests
            case 500...: self = .serverError
            default: self = .clientError  // 1xx/3xx as the final answer are errors here too
            }
        }
    }

    private let requests: [Endpoint: [CodeClass: Counter]]
    private let durations: [Endpoint: DurationHistogram]

    init(registry: PrometheusCollectorRegistry) {
        var requests: [Endpoint: [CodeClass: Counter]] = [:]
        var durations: [Endpoint: DurationHistogram] = [:]
        for endpoint in Endpoint.allCases {
            var byCode: [CodeClass: Counter] = [:]
            for code in CodeClass.allCases {
                byCode[code] = registry.makeCounter(
                    name: "paylink_api_requests_total", labels: [("endpoint", endpoint.rawValue), ("code", code.rawValue)],
                    help: "OTT Pay API calls by endpoint and class of answer (timeout and network: no answer).")
            }
            requests[endpoint] = byCode
            durations[endpoint] = registry.makeDurationHistogram(
                name: "paylink_api_request_duration_seconds", labels: [("endpoint", endpoint.rawValue)],
                buckets: MetricBuckets.apiCall, help: "OTT Pay API call time (libcurl's total time).")
        }
        self.requests = requests
        self.durations = durations
    }

    /// Counts one finished call; calls to other URLs are not the API's and are left out.
    public func observe(_ exchange: HTTPExchange) {
        guard let endpoint = Self.endpoint(of: exchange.url) else { return }
        requests[endpoint]?[CodeClass(exchange)]?.increment()
        durations[endpoint]?.record(exchange.totalTime)
    }

    /// Sorted by path suffix, the way `OTTPayClient` and `TokenFetcher` build their URLs.
    static func endpoint(of url: String) -> Endpoint? {
        if url.hasSuffix("/alipay/web-pay") { return .webPay }
        if url.hasSuffix("/alipay/wap-pay") { return .wapPay }
        if url.hasSuffix("/auth/token") { return .token }
        return nil
    }
}
