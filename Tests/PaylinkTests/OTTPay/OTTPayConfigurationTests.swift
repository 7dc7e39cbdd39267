import Testing

@testable import Paylink

struct OTTPayConfigurationTests {
    @Test(arguments: ["https://ecom-api.ottpay.com/", "http://127.0.0.1:8089", "http://localhost:1", "http://[::1]:8080/"])
    func acceptsHTTPSAndLoopbackHTTP(_ url: String) throws {
        let configuration = try OTTPayConfiguration(baseURL: url, appId: "ON1", appKey: Secret("k"))
        #expect(!configuration.baseURL.hasSuffix("/"))
    }

    @Test(arguments: ["http://ecom-api.ottpay.com", "ftp://x", "ecom-api.ottpay.com", "http://10.0.0.1", "https://"])
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
