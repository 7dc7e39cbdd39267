import Logging
import PaylinkRedis

extension Worker {
    /// Checks at start that Redis has the commands the queue needs (``RedisVersion``), waiting
    /// while Redis is unreachable. A server that refuses `INFO` (an ACL without `@dangerous`)
    /// cannot be checked: a warning says so and the worker goes on.
    /// - Returns: false when the worker must not go on: the server is too old (the worker then
    ///   stops with `WorkerError.unsupportedRedis`), or shutdown came first.
    func checkRedisVersion() async -> Bool {
        var delay = Duration.milliseconds(100)
        while true {
            do throws(RedisError) {
                let info = try await redis.send(RedisCommand("INFO", "server")).string ?? ""
                guard let version = RedisVersion(info: info) else {
                    logger.warning("Could not read the Redis version from INFO; paylink needs Redis \(RedisVersion.minimum) or later")
                    return true
                }
                guard version.isSupported else {
                    stop(because: WorkerError.unsupportedRedis(version, at: redis.endpoint))
                    return false
                }
                return true
            } catch {
                switch error.code {
                case .commandFailed:
                    logger.warning("Could not check the Redis version (\(error)); paylink needs Redis \(RedisVersion.minimum) or later")
                    return true
                case .closed:
                    stop(because: WorkerError.redisClientClosed(error))
                    return false
                default:
                    if gate.isStopped { return false }
                    logger.warning("Could not reach Redis to check its version; retrying in \(delay): \(error)")
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(2))
                }
            }
        }
    }
}
