/// The check the Sentinel client rules ask for after connecting to the master a sentinel named.
extension RedisConnection {
    /// Sends `ROLE` and requires `master`: during a failover the sentinels may still name a
    /// master that has just been demoted to a replica, and writes to it would fail `-READONLY`.
    /// - Throws: `.connectionFailed` naming the role found (the caller drops the connection and
    ///   asks the sentinels again), or the connection's own error.
    func confirmMaster(at address: RedisNodeAddress) throws(RedisError) {
        let reply: RedisValue
        do throws(RedisError) {
            try append(RedisCommand("ROLE"))
            reply = try readReply()
        } catch {
            throw RedisError(code: .connectionFailed, command: "ROLE", message: error.message)
        }
        if case .error(let message) = reply {
            // An ACL without +role: say which permission the check needs.
            throw RedisError(
                code: .connectionFailed, command: "ROLE",
                message: "\(address) refused ROLE (\(message)); the Redis user needs +role for Sentinel")
        }
        let role = reply.array?.first?.string ?? "an unreadable role"
        guard role == "master" else {
            throw RedisError(
                code: .connectionFailed, command: "ROLE",
                message: "\(address) is a \(role), not the master the sentinels named; asking them again")
        }
    }
}
