import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PaylinkServer

struct MockAPIResponderTests {
    @Test func issuedTokenIsJWTShapedAndAccepted() async throws {
        try await withMockAPI { _, client in
            let response = try await client.post("/api/v1/auth/token", json: ["appId": demoAppId, "appKey": demoAppKey])
            let (status, result) = try envelope(response)
            #expect(status == "SUCCESS")
            let token = try #require(result["token"] as? String)
            #expect(token.split(separator: ".").count == 3)
            let expired = try #require(result["expired"] as? Int64)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            // Wide enough for a busy machine: the answer is made before `now` is read.
            #expect((now + 890_000...now + 901_000).contains(expired))
            #expect(try await client.pay(token: token).status == .ok)
        }
    }

    @Test(arguments: [
        ["appId": demoAppId, "appKey": "wrong"],
        ["appId": "ON99999999", "appKey": demoAppKey],
    ])
    func badCredentialsAreRefusedWith10003(_ body: [String: String]) async throws {
        try await withMockAPI { _, client in
            let response = try await client.post("/api/v1/auth/token", json: body)
            #expect(response.status == .ok)
            let error = try errorOf(response)
            #expect(error.code == 10003)
            #expect(error.message == "API authorization failed")
        }
    }

    @Test func missingCredentialFieldIs10005() async throws {
        try await withMockAPI { _, client in
            let error = try errorOf(try await client.post("/api/v1/auth/token", json: ["appId": demoAppId]))
            #expect(error.code == 10005)
            #expect(error.message.contains("appKey"))
        }
    }

    @Test(arguments: [nil, "not-a-token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln"])
    func missingOrUnknownTokenIs401(_ token: String?) async throws {
        try await withMockAPI { _, client in
            let response = try await client.pay(token: token)
            #expect(response.status == .unauthorized)
            #expect(try errorOf(response).code == 10003)
        }
    }

    @Test func tokenStopsWorkingAfterItsLifetime() async throws {
        try await withMockAPI(.init(tokenLifetime: .seconds(3))) { _, client in
            // Long enough for the first call on a loaded machine.
            let token = try await client.token()
            #expect(try await client.pay(token: token).status == .ok)
            let expired = try await eventually { try await client.pay(token: token).status == .unauthorized }
            #expect(expired)
        }
    }

    @Test func earlyExpiringTokenPromisesFullLifetimeButStopsEarly() async throws {
        let faults = MockFaults(earlyTokenExpiry: 1.0, earlyExpirySeconds: 0.2)
        try await withMockAPI(.init(faults: faults)) { _, client in
            let response = try await client.post("/api/v1/auth/token", json: ["appId": demoAppId, "appKey": demoAppKey])
            let result = try envelope(response).result
            let token = try #require(result["token"] as? String)
            let expired = try #require(result["expired"] as? Int64)
            #expect(expired > Int64(Date().timeIntervalSince1970 * 1000) + 800_000)
            let refused = try await eventually { try await client.pay(token: token).status == .unauthorized }
            #expect(refused)
        }
    }

    @Test func revokedTokenIs401() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            #expect(try await client.pay(token: token).status == .ok)
            _ = try await client.execute(uri: "/mock/revoke-tokens", method: .post)
            let response = try await client.pay(token: token)
            #expect(response.status == .unauthorized)
            #expect(try errorOf(response).code == 10003)
        }
    }

    @Test func webPayAnswersAllFieldsAndAGatewayLink() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            let body = payBody(amount: "1234", returnURL: "https://www.example.ca/back?o=1")
            let response = try await client.pay(body, token: token)
            #expect(response.status == .ok)
            let (status, result) = try envelope(response)
            #expect(status == "SUCCESS")
            #expect(result["merchantId"] as? String == demoAppId)
            #expect(result["amount"] as? String == "1234")
            let paymentId = try #require(result["paymentId"] as? String)
            #expect(paymentId.count == 16 && paymentId.allSatisfy(\.isNumber))
            let order = try #require(result["bizPayOrderId"] as? String)
            #expect(order.hasPrefix("AL") && order.count == 18 && order.dropFirst(2).allSatisfy(\.isNumber))
            let payInfo = try #require(result["payInfo"] as? String)
            #expect(payInfo.hasPrefix("https://intlmapi.alipay.com/gateway.do?_input_charset=UTF-8&currency=CAD&"))
            #expect((900...1400).contains(payInfo.utf8.count))
            let query = try #require(URLComponents(string: payInfo)?.queryItems)
            let fields = Dictionary(query.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            #expect(fields["out_trade_no"] == order)
            #expect(fields["secondary_merchant_id"] == demoAppId)
            #expect(fields["total_fee"] == "12.34")
            #expect(fields["return_url"] == "https://www.example.ca/back?o=1")
            #expect(fields["sign_type"] == "RSA")
            #expect(fields["service"] == "create_forex_trade")
            let sign = try #require(fields["sign"])
            #expect(sign.count == 344 && sign.hasSuffix("=="))
            #expect(Data(base64Encoded: sign)?.count == 256)
            #expect(payInfo.contains("return_url=https%3A%2F%2Fwww.example.ca%2Fback%3Fo%3D1&"))
        }
    }

    @Test func wapPayHasNoOrderIdAndANullAmount() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            let response = try await client.pay(payBody(amount: "5"), token: token, kind: "wap-pay")
            let (status, result) = try envelope(response)
            #expect(status == "SUCCESS")
            #expect(result["bizPayOrderId"] == nil)
            #expect(result.keys.contains("amount") && result["amount"] is NSNull)
            let payInfo = try #require(result["payInfo"] as? String)
            #expect(payInfo.contains("&total_fee=0.05&") && payInfo.contains("service=create_forex_trade_wap"))
        }
    }

    @Test func paymentIdsAreUnique() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            var ids = Set<String>()
            for _ in 0..<20 {
                let result = try envelope(try await client.pay(token: token)).result
                ids.insert(try #require(result["paymentId"] as? String))
            }
            #expect(ids.count == 20)
        }
    }

    @Test func unknownPathIs404AndWrongMethodIs405() async throws {
        try await withMockAPI { _, client in
            let unknown = try await client.execute(uri: "/api/v1/nope", method: .post)
            #expect(unknown.status == .notFound)
            let wrongMethod = try await client.execute(uri: "/api/v1/pay/alipay/web-pay", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)
        }
    }
}
