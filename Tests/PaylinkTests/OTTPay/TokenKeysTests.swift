import Testing

@testable import Paylink

/// Review M9: the fleet's bearer token lives where no ACL pattern for paylink's readable keys
/// reaches it.
struct TokenKeysTests {
    @Test func theTokenKeysAreOutsideEveryReadersPattern() throws {
        let keys = try TokenKeys(appId: "ON00000185", apiBaseURL: "https://ecom-api.ottpay.com")
        for key in [keys.token, keys.tokenLock] {
            #expect(key.hasPrefix("paylink-secret:{merchant:ON00000185}:"))
            #expect(!key.hasPrefix("paylink:"), "~paylink:* and ~paylink:{*}:* would match it")
        }
    }
}
