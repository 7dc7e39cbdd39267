import Paylink
import Testing

/// Validation names the flag at fault.
struct RateLimitConfigurationTests {
    @Test(arguments: [
        (RateLimitConfiguration(requestsPerSecond: 0, burst: 1), "--rate"),
        (RateLimitConfiguration(requestsPerSecond: .nan, burst: 1), "--rate"),
        (RateLimitConfiguration(requestsPerSecond: 200, burst: 0), "--burst"),
        (RateLimitConfiguration(requestsPerSecond: 200, burst: 20, maxInFlight: 0), "--max-in-flight"),
    ])
    func aBadValueNamesItsFlag(configuration: RateLimitConfiguration, flag: String) {
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        do { try configuration.validate() } catch { #expect(error.setting == flag) }
    }

    @Test func sensibleValuesPass() throws {
        try RateLimitConfiguration(requestsPerSecond: 200, burst: 20, maxInFlight: 64).validate()
        #expect(throws: ConfigurationError.self) { try RateLimitKeys(merchant: "a{b}") }
        #expect(try RateLimitKeys(merchant: "app1").limit == "paylink:{merchant:app1}:limit")
    }
}
