import PaylinkHTTP
import Testing

@testable import Paylink

/// The money rule: once a request may have reached the API, only an explicit answer is trusted.
struct PayResponseClassifierTests {
    private func response(_ status: Int, _ body: String, retryAfter: String? = nil) -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let retryAfter { headers.add(name: "Retry-After", value: retryAfter) }
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    private func kind(_ status: Int, _ body: String) -> PayFailure.Kind? {
        if case .failure(let failure) = PayResponseClassifier.classify(response(status, body)) { return failure.kind }
        return nil
    }

    @Test func successBecomesALink() throws {
        let body = #"{"status":"SUCCESS","result":{"payInfo":"https://intlmapi.alipay.com/gateway.do?x=1","merchantId":"ON1","paymentId":"16","amount":"1000","bizPayOrderId":"AL1"}}"#
        let link = try PayResponseClassifier.classify(response(200, body)).get()
        #expect(link == PaymentLink(payInfo: "https://intlmapi.alipay.com/gateway.do?x=1", paymentId: "16", merchantId: "ON1", amount: "1000", bizPayOrderId: "AL1"))
    }

    @Test func wapPayNullAmountAndMissingBizPayOrderIdAreTolerated() throws {
        let body = #"{"status":"SUCCESS","result":{"payInfo":"https://x.example/p","merchantId":"ON1","paymentId":"16","amount":null}}"#
        let link = try PayResponseClassifier.classify(response(200, body)).get()
        #expect(link.amount == "" && link.bizPayOrderId == "")
    }

    @Test(arguments: [
        (200, #"{"status":"ERROR","result":{"code":10005,"message":"bad amount"}}"#, PayFailure.Kind.invalidOrder),
        (400, "", .invalidOrder),
        (413, "<html>too large</html>", .invalidOrder),
        (404, "<html>", .configuration),
        (405, "", .configuration),
        (404, #"{"status":"ERROR","result":{"code":404,"message":"no route"}}"#, .configuration),
        (403, "<html>blocked by WAF</html>", .transient),
        (403, #"{"status":"ERROR","result":{"code":10003,"message":"no"}}"#, .credentials),
        (401, "", .credentials),
        (408, "", .transient),
        (425, "", .transient),
        (200, #"{"status":"ERROR","result":{"code":10003,"message":"no"}}"#, .credentials),
        (401, #"{"status":"ERROR","result":{"code":10003,"message":"token"}}"#, .credentials),
        (200, #"{"status":"ERROR","result":{"code":20004,"message":"db"}}"#, .transient),
        (503, "<html>busy</html>", .transient),
        (429, #"{"status":"ERROR","result":{"code":429,"message":"slow down"}}"#, .rateLimited),
        (500, #"{"timestamp":1,"status":500,"error":"Internal Server Error"}"#, .ambiguous),
        (502, "<html>bad gateway</html>", .ambiguous),
        (504, "", .ambiguous),
        (200, #"{"status":"SUCCESS","result":{"payInfo":"https://x"#, .ambiguous),
        (200, #"{"status":"SUCCESS","result":{}}"#, .ambiguous),
        (200, #"{"status":"ERROR","result":{"code":99999,"message":"new"}}"#, .refused),
    ])
    func failuresAreSortedByWhatARetryWouldRisk(status: Int, body: String, expected: PayFailure.Kind) {
        #expect(kind(status, body) == expected)
    }

    @Test func retryAfterIsCarried() {
        guard case .failure(let failure) = PayResponseClassifier.classify(response(429, "", retryAfter: "7")) else {
            Issue.record("429 was not a failure")
            return
        }
        #expect(failure.retryAfter == .seconds(7))
    }

    @Test func aWAF403IsKeptApartFromRefusedCredentials() throws {
        guard case .failure(let failure) = PayResponseClassifier.classify(response(403, "<html>", retryAfter: "3")) else {
            Issue.record("403 was not a failure")
            return
        }
        #expect(failure.code == "http_403" && failure.message.contains("not a credentials refusal"))
        #expect(failure.retryAfter == .seconds(3))
    }

    /// Documented: 503 and 20004 stay transient (not sent) even without Retry-After.
    @Test func a503Or20004WithoutRetryAfterIsStillTransient() {
        for (status, body) in [(503, "<html>"), (200, #"{"status":"ERROR","result":{"code":20004,"message":"db"}}"#)] {
            guard case .failure(let failure) = PayResponseClassifier.classify(response(status, body)) else {
                Issue.record("\(status) was not a failure")
                continue
            }
            #expect(failure.kind == .transient && failure.retryAfter == nil)
        }
    }

    @Test func aWrongEndpointNamesTheBaseURLSetting() {
        guard case .failure(let failure) = PayResponseClassifier.classify(response(404, "")) else {
            Issue.record("404 was not a failure")
            return
        }
        #expect(failure.code == "http_404" && failure.message.contains("--api-base-url"))
    }

    @Test func transportErrorsAreAmbiguousOnlyOnceSent() {
        let notSent = HTTPClientError(code: .couldNotConnect, requestSent: false, message: "refused")
        let sent = HTTPClientError(code: .timedOut, requestSent: true, message: "timeout")
        #expect(PayResponseClassifier.classify(notSent).kind == .transient)
        #expect(PayResponseClassifier.classify(sent).kind == .ambiguous)
        #expect(PayResponseClassifier.classify(sent).code == "timeout")
    }
}
