import ArgumentParser
import Foundation
import Paylink

/// How to reach OTT Pay. The app key comes only from `PAYLINK_APP_KEY` or a file, so it never
/// shows in `ps` output or shell history.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("api-base-url"), help: "OTT Pay base URL (env PAYLINK_API_BASE_URL; default https://ecom-api.ottpay.com). https only, except http to loopback.")
    var apiBaseURL: String?

    @Option(name: .customLong("app-id"), help: "Merchant app ID (env PAYLINK_APP_ID).")
    var appId: String?

    @Option(name: .customLong("app-key-file"), help: "File holding the app key (env PAYLINK_APP_KEY_FILE; or set PAYLINK_APP_KEY).")
    var appKeyFile: String?

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
        if let tokenRefreshMargin {
            guard tokenRefreshMargin.isFinite, tokenRefreshMargin >= 0, tokenRefreshMargin <= 3600 else {
                throw ValidationError("invalid --token-refresh-margin: \(tokenRefreshMargin) must be 0-3600 seconds")
            }
            configuration.tokenRefreshMargin = .milliseconds(Int64(tokenRefreshMargin * 1000))
        }
        return configuration
    }

    private func appKey() throws -> Secret {
        if let path = appKeyFile ?? Environment.value("PAYLINK_APP_KEY_FILE") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("invalid --app-key-file / PAYLINK_APP_KEY_FILE: cannot read \(path)")
            }
            let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw ValidationError("invalid --app-key-file / PAYLINK_APP_KEY_FILE: \(path) is empty") }
            return Secret(key)
        }
        return Secret(Environment.value("PAYLINK_APP_KEY") ?? "")
    }
}
