import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PaylinkServer

struct MockFaultsTests {
    @Test func unavailableIs503AndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(unavailable: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .serviceUnavailable)
            #expect(try await client.stats().linksCreated == 0)
        }
    }

    @Test func databaseErrorIs20004AndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(databaseError: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .ok)
            #expect(try errorOf(response).code == 20004)
            #expect(try await client.stats().linksCreated == 0)
        }
    }

    @Test func rateLimitedIs429WithRetryAfterAndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(rateLimited: 1.0, retryAfterSeconds: 7))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "7")
            #expect(try errorOf(response).code == 429)
            #expect(try await client.stats().linksCreated == 0)
        }
    }

    @Test func serverErrorCreatesTheLinkThenAnswers5xx() async throws {
        try await withMockAPI(.init(faults: .init(serverError: 1.0), seed: 7)) { _, client in
            let token = try await client.token()
            var statuses = Set<Int>()
            for _ in 0..<30 { statuses.insert(try await client.pay(token: token).status.code) }
            #expect(statuses == [500, 502, 504])
            #expect(try await client.stats().linksCreated == 30)
        }
    }

    @Test func malformedCreatesTheLinkThenAnswersUnparseable200() async throws {
        try await withMockAPI(.init(faults: .init(malformed: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes > 100)
            #expect(throws: (any Error).self) { try json(response) }
            #expect(try await client.stats().linksCreated == 1)
        }
    }

    @Test func hangCreatesTheLinkAndLeavesTheClientWaiting() async throws {
        let answered = LockedFlag()
        // Unstructured so that the hanging call can outlive the test body: only the server's
        // graceful shutdown at the end of `withMockAPI` ends it.
        let pending = try await withMockAPI(.init(faults: .init(hang: 1.0, hangSeconds: 30))) { _, client in
            let token = try await client.token()
            let port = try #require(client.port)
            let pending = Task {
                defer { answered.set() }
                return try await LoopbackClient.with(port: port) { try await $0.pay(token: token).status }
            }
            let created = try await eventually { try await client.stats().linksCreated == 1 }
            #expect(created)
            // Observing that nothing arrives needs a window; 300 ms is far above a loopback round trip.
            try await Task.sleep(for: .milliseconds(300))
            #expect(!answered.isSet)
            return pending
        }
        let started = ContinuousClock.now
        #expect(try await pending.value == .gatewayTimeout)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func hangEndsWithA504AfterHangSeconds() async throws {
        try await withMockAPI(.init(faults: .init(hang: 1.0, hangSeconds: 0.3))) { _, client in
            let started = ContinuousClock.now
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .gatewayTimeout)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }

    @Test func rateLimitedHugeRetryAfterIs429WithBothHugeFormsAndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(rateLimitedHugeRetryAfter: 1.0), seed: 5)) { _, client in
            let token = try await client.token()
            var seen = Set<String>()
            for _ in 0..<20 {
                let response = try await client.pay(token: token)
                #expect(response.status == .tooManyRequests)
                #expect(try errorOf(response).code == 429)
                seen.insert(try #require(response.headers[.retryAfter]))
            }
            #expect(seen == ["9999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
            let stats = try await client.stats()
            #expect(stats.linksCreated == 0)
            let seconds = stats.faultsInjected["rateLimitedHugeRetryAfter.seconds"] ?? 0
            let dates = stats.faultsInjected["rateLimitedHugeRetryAfter.date"] ?? 0
            #expect(seconds > 0 && dates > 0 && seconds + dates == 20)
        }
    }

    @Test func unavailableHugeRetryAfterIs503WithAHugeRetryAfterAndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(unavailableHugeRetryAfter: 1.0), seed: 5)) { _, client in
            let token = try await client.token()
            var seen = Set<String>()
            for _ in 0..<20 {
                let response = try await client.pay(token: token)
                #expect(response.status == .serviceUnavailable)
                seen.insert(try #require(response.headers[.retryAfter]))
            }
            #expect(seen == ["9999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
            let stats = try await client.stats()
            #expect(stats.linksCreated == 0)
            #expect((stats.faultsInjected["unavailableHugeRetryAfter.seconds"] ?? 0) + (stats.faultsInjected["unavailableHugeRetryAfter.date"] ?? 0) == 20)
        }
    }

    @Test func hugeBodyCreatesTheLinkThenAnswersAValidBodyOfTheSetSize() async throws {
        try await withMockAPI(.init(faults: .init(hugeBody: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(payBody(amount: "4321"), token: token)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 5 << 20)
            #expect(response.headers[.contentLength] == String(5 << 20))
            // The link is there for a client that reads it all, and nowhere in the first MiB.
            let (status, result) = try envelope(response)
            #expect(status == "SUCCESS")
            #expect(result["amount"] as? String == "4321")
            #expect((result["payInfo"] as? String)?.hasPrefix("https://intlmapi.alipay.com/") == true)
            let head = String(decoding: response.body.readableBytesView.prefix(1 << 20), as: UTF8.self)
            #expect(!head.contains("payInfo"))
            let stats = try await client.stats()
            #expect(stats.linksCreated == 1)
            #expect(stats.faultsInjected["hugeBody"] == 1)
        }
    }

    @Test func hugeBodySizeFollowsHugeBodyBytes() async throws {
        try await withMockAPI(.init(faults: .init(hugeBody: 1.0, hugeBodyBytes: 70_000))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token, kind: "wap-pay")
            #expect(response.body.readableBytes == 70_000)
            #expect(try envelope(response).status == "SUCCESS")
        }
    }

    @Test func wrongAmountCreatesALinkForAnotherAmountAndListsIt() async throws {
        try await withMockAPI(.init(faults: .init(wrongAmount: 1.0))) { _, client in
            let token = try await client.token()
            let callback = "https://shop.example/cb/order-wrong"
            let response = try await client.pay(payBody(amount: "1234", callbackURL: callback), token: token)
            #expect(response.status == .ok)
            let (status, result) = try envelope(response)
            #expect(status == "SUCCESS")
            #expect(result["amount"] as? String == "1235")
            #expect(result["merchantId"] as? String == demoAppId)
            #expect((result["payInfo"] as? String)?.contains("&total_fee=12.35&") == true)
            let paymentId = try #require(result["paymentId"] as? String)
            let mismatches = try await client.mismatches()
            #expect(
                mismatches == [
                    MockMismatchedLink(
                        fault: "wrongAmount", callbackURL: callback, requestedAmount: "1234", answeredAmount: "1235",
                        merchantId: demoAppId, paymentId: paymentId)
                ])
            let stats = try await client.stats()
            #expect(stats.linksCreated == 1 && stats.faultsInjected["wrongAmount"] == 1)
        }
    }

    @Test func wrongMerchantCreatesALinkUnderAnotherMerchantAndListsIt() async throws {
        try await withMockAPI(.init(faults: .init(wrongMerchant: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(payBody(amount: "500"), token: token)
            let (status, result) = try envelope(response)
            #expect(status == "SUCCESS")
            let merchantId = try #require(result["merchantId"] as? String)
            #expect(merchantId != demoAppId && merchantId.hasPrefix("ON"))
            #expect(result["amount"] as? String == "500")
            #expect((result["payInfo"] as? String)?.contains("&secondary_merchant_id=\(merchantId)&") == true)
            let mismatches = try await client.mismatches()
            #expect(mismatches.map(\.fault) == ["wrongMerchant"])
            #expect(mismatches.first?.merchantId == merchantId)
            #expect(mismatches.first?.paymentId == result["paymentId"] as? String)
            #expect(try await client.stats().faultsInjected["wrongMerchant"] == 1)
        }
    }

    @Test func hugeTokenExpiryAnswersEachHugeFormAndTheTokenStillWorks() async throws {
        try await withMockAPI(.init(faults: .init(hugeTokenExpiry: 1.0), seed: 11)) { _, client in
            var seen = Set<String>()
            for _ in 0..<30 {
                let (token, expired) = try await client.tokenAndRawExpired()
                seen.insert(expired)
                #expect(try await client.pay(token: token).status == .ok)
            }
            #expect(seen == ["1e19", "1e400", "9223372036854775807"])
            let counts = try await client.stats().faultsInjected
            #expect(["1e19", "1e400", "int64Max"].map { counts["hugeTokenExpiry.\($0)"] ?? 0 }.reduce(0, +) == 30)
        }
    }

    @Test func pastTokenExpiryAnswersEachPastFormAndTheTokenStillWorks() async throws {
        try await withMockAPI(.init(faults: .init(pastTokenExpiry: 1.0), seed: 11)) { _, client in
            var forms = Set<String>()
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for _ in 0..<30 {
                let (token, expired) = try await client.tokenAndRawExpired()
                switch expired {
                case "-1", "-9223372036854775808": forms.insert(expired)
                default:
                    let millis = try #require(Int64(expired))
                    #expect((now - 3_700_000...now - 3_500_000).contains(millis))
                    forms.insert("hour ago")
                }
                #expect(try await client.pay(token: token).status == .ok)
            }
            #expect(forms == ["-1", "-9223372036854775808", "hour ago"])
            let counts = try await client.stats().faultsInjected
            #expect(["minusOne", "int64Min", "hourAgo"].map { counts["pastTokenExpiry.\($0)"] ?? 0 }.reduce(0, +) == 30)
        }
    }

    @Test func faultsInjectedListsEveryKindAndCountsTheOldFaultsToo() async throws {
        try await withMockAPI(.init(faults: .init(unavailable: 0.5, serverError: 1.0), seed: 3)) { _, client in
            let token = try await client.token()
            for _ in 0..<40 { _ = try await client.pay(token: token) }
            let stats = try await client.stats()
            #expect(Set(stats.faultsInjected.keys) == Set(MockFaultKind.allCases.map(\.rawValue)))
            let unavailable = stats.faultsInjected["unavailable"] ?? 0
            #expect(unavailable == stats.responsesByStatus["503"])
            #expect(unavailable + (stats.faultsInjected["serverError"] ?? 0) == 40)
            #expect(stats.faultsInjected.filter { $0.key != "unavailable" && $0.key != "serverError" }.values.allSatisfy { $0 == 0 })
        }
    }

    @Test func firstFaultInOrderWins() async throws {
        try await withMockAPI(.init(faults: .init(unavailable: 1.0, serverError: 1.0))) { _, client in
            let token = try await client.token()
            #expect(try await client.pay(token: token).status == .serviceUnavailable)
        }
    }

    @Test func partialSharesHitAboutTheirShare() async throws {
        try await withMockAPI(.init(faults: .init(databaseError: 0.5), seed: 3)) { _, client in
            let token = try await client.token()
            var failures = 0
            for _ in 0..<200 where try envelope(try await client.pay(token: token)).status == "ERROR" { failures += 1 }
            #expect((60...140).contains(failures))
            #expect(try await client.stats().linksCreated == 200 - failures)
        }
    }

    @Test func putFaultsChangesBehaviourAtRunTime() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            #expect(try await client.pay(token: token).status == .ok)
            let put = try await client.execute(uri: "/mock/faults", method: .put, body: ByteBuffer(string: #"{"unavailable":1}"#))
            #expect(put.status == .ok)
            #expect(try await client.pay(token: token).status == .serviceUnavailable)
            try await client.putFaults(MockFaults())
            #expect(try await client.pay(token: token).status == .ok)
        }
    }

    @Test(arguments: [
        #"{"hang":1.5}"#, #"{"unavailable":-0.1}"#, "not json", #"{"hangSeconds":-1}"#, #"{"wrongAmount":2}"#,
        #"{"hugeTokenExpiry":-1}"#, #"{"hugeBodyBytes":10}"#, #"{"hugeBodyBytes":1000000000}"#, #"{"hangSeconds":1e300}"#,
        #"{"earlyExpirySeconds":100000}"#,
    ])
    func putFaultsRefusesInvalidFaults(_ body: String) async throws {
        try await withMockAPI { _, client in
            let put = try await client.execute(uri: "/mock/faults", method: .put, body: ByteBuffer(string: body))
            #expect(put.status == .badRequest)
            let current = try await client.execute(uri: "/mock/faults", method: .get)
            #expect(try JSONDecoder().decode(MockFaults.self, from: Data(current.body.readableBytesView)) == MockFaults())
        }
    }
}
