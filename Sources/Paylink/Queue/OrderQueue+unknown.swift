public import PaylinkRedis

/// Orders parked as `unknown` under the `park` policy, for `paylink unknown list|resolve`.
extension OrderQueue {
    /// What an operator decided about a parked order.
    public enum Resolution: String, Sendable, CaseIterable {
        /// Send it again; the result is flagged `possibleDuplicate`.
        case retry
        /// End it as `failed` (for example after finding no link at OTT Pay).
        case fail
    }

    /// The orderIds parked as `unknown`, sorted.
    public func unknownOrders() async throws(RedisError) -> [String] {
        (try await redis.send(RedisCommand("HKEYS", keys.unknown)).array ?? []).compactMap(\.string).sorted()
    }

    /// Applies an operator's decision to a parked order.
    /// - Returns: false when the order is not parked as `unknown`.
    public func resolveUnknown(orderId: String, as resolution: Resolution, message: String) async throws(RedisError) -> Bool {
        let reply = try await redis.run(
            QueueScripts.resolveUnknown, keys: keys, items: [orderId], arguments: [orderId, resolution.rawValue, message])
        return reply.int == 1
    }
}
