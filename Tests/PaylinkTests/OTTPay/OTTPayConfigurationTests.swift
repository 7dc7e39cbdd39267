import Foundation
import Testing

@testable import Paylink

struct OTTPayConfigurationTests {
    @Test(arguments: ["https://ecom-api.ottpay.com/", "http://127.0.0.1:8089", "http://localhost:1", "http://[::1]:8080/"])
    func acceptsHTTPSAndLoopbackHTTP(_ url: String) throws {
        let configuration = try OTTPayConfiguration(baseURL: url, appId: "ON1", appKey: Secret("k"))
        #expect(!configuration.baseURL.hasSuffix("/"))
    }

    @Test(arguments: [
        "http://127.0.0.1", "http://127.255.255.254:65535/api", "http://LOCALHOST:8089", "http://localhost",
        "http://127.0.0.1?x=1", "http://[::1]",
    ])
    func acceptsEveryLoopbackForm(_ url: String) throws {
        _ = try OTTPayConfiguration(baseURL: url, appId: "ON1", appKey: Secret("k"))
    }

    @Test(arguments: [
        "http://ecom-api.ottpay.com", "ftp://x", "ecom-api.ottpay.com", "http://10.0.0.1", "https://",
        "http://127.evil.example", "http://127.0.0.1@evil.example", "http://127.0.0.1:80@evil.example",
        "http://user:pw@127.0.0.1", "http://127.0.0.1.evil.example", "http://127.0.0.1.", "http://127.0.0",
        "http://127.0.0.1.5", "http://127.0.0.256", "http://127.0.0.01", "http://0177.0.0.1", "http://127.0x0.0.1",
        "http://localhost.evil.example", "http://localhost.", "http://[::1].evil.example", "http://[::1]@evil.example",
        "http://[::2]", "http://[::ffff:7f00:1]", "http://127.0.0.1:", "http://127.0.0.1:80x", "http://127.0.0.1:123456",
        "http://127.0.0.1\\@evil.example", "http://127.0.0.1%2f@evil.example", "http://:80", "http://",
    ])
    func refusesOtherURLsNamingTheSetting(_ url: String) {
        #expect {
            try OTTPayConfiguration(baseURL: url, appId: "ON1", appKey: Secret("k"))
        } throws: { error in
            "\(error)".contains("PAYLINK_API_BASE_URL")
        }
    }

    /// Property: whatever authority is built from loopback-looking pieces, one that passes is
    /// a loopback host to an independent URL parser (Foundation's) too, with no userinfo.
    @Test func everyAcceptedAuthorityIsLoopbackToFoundationToo() {
        let pieces = ["127", "0", "1", "255", "256", "01", "00", ".", ".", ".", ":", "@", "evil", "example", "localhost",
            "[", "]", "::1", "::", "80", "8089", "%2e", "\\", "#", "?", "x", "-"]
        var random = SplitMix64(seed: 0x100_9BAC)
        var accepted = 0
        for _ in 0..<50_000 {
            let authority = (0..<Int.random(in: 1...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            guard OTTPayConfiguration.isLoopback(authority: Substring(authority)) else { continue }
            accepted += 1
            let url = URLComponents(string: "http://\(authority)/api")
            let host = url?.host ?? ""
            #expect(url?.user == nil && url?.password == nil, "\(authority)")
            #expect(host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127."), "\(authority) -> \(host)")
            if host.hasPrefix("127.") { #expect(host.split(separator: ".").count == 4, "\(authority)") }
        }
        #expect(accepted > 50, "the sweep reaches accepted authorities")
    }

    @Test func missingCredentialsAreNamed() {
        #expect { try OTTPayConfiguration(baseURL: "https://a.example", appId: "", appKey: Secret("k")) } throws: { "\($0)".contains("PAYLINK_APP_ID") }
        #expect { try OTTPayConfiguration(baseURL: "https://a.example", appId: "A", appKey: Secret("")) } throws: { "\($0)".contains("PAYLINK_APP_KEY") }
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("top-secret")
        #expect("\(secret)" == "***")
        #expect(String(reflecting: secret) == "***")
        #expect(secret.reveal() == "top-secret")
    }
}
