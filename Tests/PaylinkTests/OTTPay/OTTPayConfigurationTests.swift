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
