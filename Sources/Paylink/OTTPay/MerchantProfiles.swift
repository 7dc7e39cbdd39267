import PaylinkSystem
import FoundationEssentials

/// The OTT Pay merchant accounts one fleet serves, read from a JSON file:
///
/// ```json
/// {"default": "main",
///  "profiles": {
///    "main": {"appId": "ON00000185", "appKeyFile": "/etc/paylink/main.key", "rate": 200, "burst": 20, "maxInFlight": 100},
///    "eu":   {"appId": "ON00000999", "appKeyEnv": "PAYLINK_EU_APP_KEY", "apiBaseURL": "https://ecom-api.ottpay.com"}}}
/// ```
///
/// An order names its profile in `merchant`; without one it uses `default`. App keys come only
/// from a file or an environment variable, never from the profiles file itself.
public struct MerchantProfiles: Sendable {
    public struct Profile: Sendable {
        public var name: String
        public var api: OTTPayConfiguration
        /// The account's fleet-wide limit; nil for none.
        public var rateLimit: RateLimitConfiguration?

        public init(name: String, api: OTTPayConfiguration, rateLimit: RateLimitConfiguration?) {
            self.name = name
            self.api = api
            self.rateLimit = rateLimit
        }
    }

    public var defaultName: String
    public var profiles: [Profile]

    /// Reads a profiles file. Every problem names the profile and the setting.
    public static func load(
        _ data: [UInt8], environment: [String: String]? = nil, defaultBaseURL: String = "https://ecom-api.ottpay.com"
    ) throws(ConfigurationError) -> MerchantProfiles {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let root = try? JSONValue.parse(data).objectValue else {
            throw ConfigurationError(setting: "--merchants", reason: "must be a JSON object with \"default\" and \"profiles\"")
        }
        guard case .object(let entries)? = root["profiles"], !entries.isEmpty else {
            throw ConfigurationError(setting: "--merchants", reason: "\"profiles\" must be an object naming at least one profile")
        }
        var profiles: [Profile] = []
        for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
            if let problem = OrderParser.identifierProblem(name) {
                throw ConfigurationError(setting: "--merchants", reason: "profile name \"\(name)\" \(problem)")
            }
            guard let fields = value.objectValue else {
                throw ConfigurationError(setting: "--merchants", reason: "profile \"\(name)\" must be an object")
            }
            profiles.append(try profile(name, fields, environment: environment, defaultBaseURL: defaultBaseURL))
        }
        let defaultName = root["default"]?.stringValue ?? (profiles.count == 1 ? profiles[0].name : "")
        guard profiles.contains(where: { $0.name == defaultName }) else {
            throw ConfigurationError(setting: "--merchants", reason: "\"default\" must name one of the profiles")
        }
        return MerchantProfiles(defaultName: defaultName, profiles: profiles)
    }

    private static func profile(
        _ name: String, _ fields: [String: JSONValue], environment: [String: String], defaultBaseURL: String
    ) throws(ConfigurationError) -> Profile {
        func fail(_ reason: String) -> ConfigurationError {
            ConfigurationError(setting: "--merchants", reason: "profile \"\(name)\": \(reason)")
        }
        guard let appId = fields["appId"]?.stringValue, !appId.isEmpty else { throw fail("\"appId\" is required") }
        let key: String
        if let path = fields["appKeyFile"]?.stringValue {
            guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read appKeyFile \(path)") }
            key = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        } else if let variable = fields["appKeyEnv"]?.stringValue {
            key = environment[variable] ?? ""
            guard !key.isEmpty else { throw fail("the environment variable \(variable) (appKeyEnv) is not set") }
        } else {
            throw fail("give \"appKeyFile\" or \"appKeyEnv\"; the app key is never written in this file")
        }
        let api: OTTPayConfiguration
        do {
            api = try OTTPayConfiguration(baseURL: fields["apiBaseURL"]?.stringValue ?? defaultBaseURL, appId: appId, appKey: Secret(key))
        } catch {
            throw fail(error.description)
        }
        var rateLimit: RateLimitConfiguration?
        if case .number(let text)? = fields["rate"], let rate = Double(text) {
            // Checked before the default burst is derived from it: 1e400 reads as infinity.
            guard rate.isFinite, rate >= 0.001, rate <= 1_000_000 else {
                throw fail("\"rate\" \(text) must be between 0.001 and 1000000 calls per second")
            }
            var burst = max(1, Int(rate / 10))
            if case .number(let value)? = fields["burst"] { burst = Int(value) ?? -1 }
            var maxInFlight: Int?
            if case .number(let value)? = fields["maxInFlight"] { maxInFlight = Int(value) ?? -1 }
            let configuration = RateLimitConfiguration(requestsPerSecond: rate, burst: burst, maxInFlight: maxInFlight)
            do {
                try configuration.validate()
            } catch {
                throw fail(error.description)
            }
            rateLimit = configuration
        } else if fields["rate"] != nil || fields["burst"] != nil || fields["maxInFlight"] != nil {
            throw fail("\"rate\" must be a number of calls per second (and \"burst\", \"maxInFlight\" need it)")
        }
        return Profile(name: name, api: api, rateLimit: rateLimit)
    }
}
