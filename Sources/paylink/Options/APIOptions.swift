import ArgumentParser
import FoundationEssentials
import Paylink
import PaylinkSystem
import PaylinkCLI

/// How to reach OTT Pay. The app key comes only from `PAYLINK_APP_KEY` or a file, so it never
/// shows in `ps` output or shell history.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("api-base-url"), help: "OTT Pay base URL (env PAYLINK_API_BASE_URL; default https://ecom-api.ottpay.com). https only, except http to loopback.")
    var apiBaseURL: String?

    @Option(name: .customLong("app-id"), help: "Merchant app ID (env PAYLINK_APP_ID).")
    var appId: String?

    @Option(name: .customLong("app-key-file"), help: "File holding the app key (env PAYLINK_APP_KEY_FILE; or set PAYLINK_APP_KEY).")
    var appKeyFile: String?

    @Option(name: .customLong("merchants"), help: "JSON file of merchant profiles (env PAYLINK_MERCHANTS_FILE); replaces --app-id and the PAYLINK_APP_* variables. See docs/merchants.example.json.")
    var merchantsFile: String?

    @Option(name: .customLong("token-refresh-margin"), help: "Seconds before a token's expiry at which it is replaced (default 60).")
    var tokenRefreshMargin: Double?

    func configuration() throws -> OTTPayConfiguration {
        let baseURL = apiBaseURL ?? Environment.value("PAYLINK_API_BASE_URL") ?? "https://ecom-api.ottpay.com"
        let appId = appId ?? Environment.value("PAYLINK_APP_ID") ?? ""
        let appKey = try appKey()
        var configuration: OTTPayConfiguration
        do {
            configuration = try OTTPayConfiguration(baseURL: baseURL, appId: appId, appKey: appKey)
        } catch {
            throw ValidationError(error.description)
        }
        if let margin = try refreshMargin() { configuration.tokenRefreshMargin = margin }
        return configuration
    }

    /// `--token-refresh-margin`, checked (for the flags' account and every profile alike).
    private func refreshMargin() throws -> Duration? {
        guard let tokenRefreshMargin else { return nil }
        guard tokenRefreshMargin.isFinite, tokenRefreshMargin >= 0, tokenRefreshMargin <= 3600,
            let milliseconds = Int64(exactly: (tokenRefreshMargin * 1000).rounded(.down))
        else {
            throw ValidationError("invalid --token-refresh-margin: \(tokenRefreshMargin) must be 0-3600 seconds")
        }
        return .milliseconds(milliseconds)
    }

    /// The merchant profiles file, when one is given.
    func profiles() throws -> MerchantProfiles? {
        guard let path = merchantsFile ?? Environment.value("PAYLINK_MERCHANTS_FILE") else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("invalid --merchants / PAYLINK_MERCHANTS_FILE: cannot read \(path)")
        }
        let margin = try refreshMargin()
        do {
            var profiles = try MerchantProfiles.load(
                Array(data), defaultBaseURL: apiBaseURL ?? Environment.value("PAYLINK_API_BASE_URL") ?? "https://ecom-api.ottpay.com")
            if let margin {
                for index in profiles.profiles.indices { profiles.profiles[index].api.tokenRefreshMargin = margin }
            }
            return profiles
        } catch {
            throw ValidationError("invalid \(error.description)")
        }
    }

    private func appKey() throws -> Secret {
        if let path = appKeyFile ?? Environment.value("PAYLINK_APP_KEY_FILE") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("invalid --app-key-file / PAYLINK_APP_KEY_FILE: cannot read \(path)")
            }
            let key = String(decoding: data, as: UTF8.self).trimmingWhitespace()
            guard !key.isEmpty else { throw ValidationError("invalid --app-key-file / PAYLINK_APP_KEY_FILE: \(path) is empty") }
            return Secret(key)
        }
        return Secret(Environment.value("PAYLINK_APP_KEY") ?? "")
    }
}
