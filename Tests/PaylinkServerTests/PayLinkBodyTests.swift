import Foundation
import Paylink
import Testing
@testable import PaylinkServer

struct PayLinkBodyTests {
    @Test func orderTimeIsBeijingTime() {
        // The API's example: paymentId 1677688673404 ms is 2023-03-01 16:37:53 UTC.
        var out: [UInt8] = []
        PayLinkBody.appendBeijingTime(1_677_688_673, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "2023-03-02+00%3A37%3A53")
    }

    @Test func civilDateHandlesLeapDays() {
        #expect(UnixTime.civilDate(daysSinceEpoch: 0) == (1970, 1, 1))
        #expect(UnixTime.civilDate(daysSinceEpoch: 11_016) == (2000, 2, 29))
    }

    @Test func signatureIsA256ByteBase64FormEncoded() {
        var out: [UInt8] = []
        PayLinkBody.appendSignature(seed: 9, to: &out)
        let encoded = String(decoding: out, as: UTF8.self)
        let decoded = encoded.replacingOccurrences(of: "%2B", with: "+").replacingOccurrences(of: "%2F", with: "/")
            .replacingOccurrences(of: "%3D", with: "=")
        #expect(decoded.count == 344)
        #expect(Data(base64Encoded: decoded)?.count == 256)
    }

    @Test func formEncodingMatchesJavaURLEncoder() {
        #expect(PayLinkBody.formEncoded("https://a.b/c?d=e f*_-.~") == "https%3A%2F%2Fa.b%2Fc%3Fd%3De+f*_-.%7E")
    }
}
