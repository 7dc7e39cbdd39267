import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PaylinkServer

struct PayRequestTests {
    private static let okURL = "https://shop.example/cb"
    private static let longURL = "https://shop.example/" + String(repeating: "a", count: 234)

    /// Bodies the API refuses, with the field its 10005 message must name.
    static let invalidBodies: [(body: String, field: String)] = [
        (#"{"amount":"10.5","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"-1","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"+1","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"0","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"0100","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"abc","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":" 100","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":1000,"callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"99999999999999999999","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":null,"callbackURL":"\#(okURL)","returnURL":"\#(okURL)"}"#, "amount"),
        (#"{"amount":"100","returnURL":"\#(okURL)"}"#, "callbackURL"),
        (#"{"amount":"100","callbackURL":"\#(longURL)x","returnURL":"\#(okURL)"}"#, "callbackURL"),
        (#"{"amount":"100","callbackURL":"ftp://shop.example/cb","returnURL":"\#(okURL)"}"#, "callbackURL"),
        (#"{"amount":"100","callbackURL":"/paylink/cb","returnURL":"\#(okURL)"}"#, "callbackURL"),
        (#"{"amount":"100","callbackURL":"https://","returnURL":"\#(okURL)"}"#, "callbackURL"),
        (#"{"amount":"100","callbackURL":["\#(okURL)"],"returnURL":"\#(okURL)"}"#, "callbackURL"),
        (#"{"amount":"100","callbackURL":"\#(okURL)"}"#, "returnURL"),
        (#"{"amount":"100","callbackURL":"\#(okURL)","returnURL":"\#(longURL)x"}"#, "returnURL"),
        (#"{"amount":"100","callbackURL":"\#(okURL)","returnURL":"shop.example/back"}"#, "returnURL"),
        (#"{"amount":"100","callbackURL":"\#(okURL)","returnURL":"https://shop example/b"}"#, "returnURL"),
        (#"{"amount":"100","callbackURL":"\#(okURL)","returnURL":"\#(okURL)","remark":"\#(String(repeating: "r", count: 129))"}"#, "remark"),
        (#"{"amount":"100","callbackURL":"\#(okURL)","returnURL":"\#(okURL)","remark":5}"#, "remark"),
        (#"{"amount":"100","callbackURL":"\#(okURL)","returnURL":"\#(okURL)"} x"#, "body"),
        (#"{"amount":"100","callbackURL":"\#(okURL)","returnURL":"\#(okURL)""#, "body"),
        (#"["100"]"#, "body"),
        ("", "body"),
    ]

    @Test(arguments: invalidBodies)
    func invalidBodyNamesTheField(_ body: String, field: String) {
        let result = Array(body.utf8).withUnsafeBytes { PayRequest.parse($0) }
        guard case .failure(let error) = result else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(error.code == 10005)
        #expect(error.message.hasPrefix("invalid parameter: \(field) "))
    }

    @Test(arguments: invalidBodies)
    func invalidBodyOverHTTPIs200With10005(_ body: String, field: String) async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            let response = try await client.pay(body, token: token)
            #expect(response.status == .ok)
            let error = try errorOf(response)
            #expect(error.code == 10005)
            #expect(error.message.hasPrefix("invalid parameter: \(field) "))
            #expect(try await client.stats().linksCreated == 0)
        }
    }

    @Test func validBodyAtTheLimitsIsAccepted() throws {
        let remark = String(repeating: "é", count: 128)
        let body = #"{ "remark" : "\#(remark)", "amount":"9223372036854775807","callbackURL":"\#(Self.longURL)","#
            + #""returnURL":"HTTP://shop.example:8080/b?x=\u0031","extra":{"nested":[1,2.5e3,true,null]}}"#
        let request = try Array(body.utf8).withUnsafeBytes { try PayRequest.parse($0).get() }
        #expect(request.amountCents == Int64.max)
        #expect(request.callbackURL.utf16.count == 255)
        #expect(request.returnURL == "HTTP://shop.example:8080/b?x=1")
        #expect(request.remark == remark)
    }

    @Test(arguments: [
        ("https://a.example", true), ("HTTP://a.example:8080/x?y#z", true), ("http://u:p@a.example/", true),
        ("https://[::1]:8443/cb", true), ("http:/a.example", false), ("httpx://a.example", false),
        ("http://", false), ("http://:80/x", false), ("http://u@/x", false), ("mailto:a@b.example", false),
        ("https://a.example/\u{7F}", false), ("http://a.example/ x", false),
    ])
    func recognisesAbsoluteHTTPURLs(_ url: String, valid: Bool) {
        #expect(PayRequest.isAbsoluteHTTPURL(url) == valid)
    }

    @Test func nullRemarkCountsAsAbsent() throws {
        let body = #"{"amount":"1","callbackURL":"http://a.example","returnURL":"http://b.example","remark":null}"#
        let request = try Array(body.utf8).withUnsafeBytes { try PayRequest.parse($0).get() }
        #expect(request.remark == nil)
    }

    @Test(arguments: [("1", "2"), ("1234", "1235"), ("9223372036854775807", "9223372036854775806")])
    func wrongAmountIsOneCentOffAndStillValid(_ amount: String, _ wrong: String) throws {
        let body = #"{"amount":"\#(amount)","callbackURL":"\#(Self.okURL)","returnURL":"\#(Self.okURL)"}"#
        let request = try Array(body.utf8).withUnsafeBytes { PayRequest.parse($0) }.get()
        let answered = request.withWrongAmount()
        #expect(answered.amount == wrong)
        #expect(PayRequest.parseCents(answered.amount) == answered.amountCents)
        #expect(answered.callbackURL == request.callbackURL && answered.returnURL == request.returnURL)
    }
}
