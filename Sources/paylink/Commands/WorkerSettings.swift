import ArgumentParser
import Logging
import Paylink
import PaylinkRedis

/// Everything a worker's flags and environment say, checked before the worker touches Redis:
/// a bad flag fails with its own message (exit 64) even when Redis is down, and the shard layout
/// read from Redis never hides it.
struct WorkerSettings {
    /// The worker's configuration for the queue's first shard; each shard's copy gets its keys.
    let configuration: WorkerConfiguration
    let apiTimeout: Duration
    let heartbeatInterval: Duration
    /// The connection settings, with the password and TLS files read once.
    let redis: RedisConfiguration
    let profiles: [MerchantProfiles.Profile]
    let defaultMerchant: String
    let tokenPerProcess: Bool

    init(redis: RedisOptions, api: APIOptions, tuning: WorkerOptions, logger: Logger) throws {
        // Checked here for its message; the layout read checks it against Redis's record later.
        _ = try redis.shardCount()
        // The layout is not known yet; the queue's unsharded keys carry the checks of every flag.
        configuration = try tuning.configuration(keys: try redis.keys())
        apiTimeout = try tuning.apiTimeout
        heartbeatInterval = try tuning.heartbeatInterval
        self.redis = try redis.configuration(logger: logger)
        tokenPerProcess = tuning.tokenPerProcess
        if let file = try api.profiles() {
            guard try tuning.rateLimit() == nil else {
                throw ValidationError("invalid --rate: with --merchants, set each profile's rate in the file")
            }
            profiles = file.profiles
            defaultMerchant = file.defaultName
        } else {
            profiles = [MerchantProfiles.Profile(name: "default", api: try api.configuration(), rateLimit: try tuning.rateLimit())]
            defaultMerchant = "default"
        }
    }
}
