import PaylinkRedis

/// Reads what an order's shards under a queue's earlier layouts say of it, before the worker
/// calls the API: after a change of `--shards`, an order pushed again lands in another shard
/// whose result hash has never seen it, and only this read keeps it from a second link.
///
/// It is a second, non-atomic read on another slot, so what it can miss matters. After a change,
/// an earlier shard's results are written only by jobs workers of the old layout claimed before
/// the change paused that shard (the claim marked them `sending` in the same step as it took
/// them, so this read sees them held), by the recovery of those jobs' leases (an orphan whose
/// call may have gone out: the call is then flagged), and by nobody else: retired shards'
/// orders are forwarded, never sent from there.
struct EarlierShards: Sendable {
    /// The retry error code of an order held by a live job in an earlier shard (its attempt is
    /// given back: nothing was sent).
    static let heldCode = "held_in_earlier_shard"

    let layout: ShardLayout
    /// The tag of the shard this worker serves.
    let current: String
    let redis: RedisClient

    /// What the earlier shards say, most decisive first.
    enum Finding: Sendable, Equatable {
        /// No earlier shard knows of a link: call.
        case none
        /// An earlier shard has the order's link: store it here, make no call.
        case succeeded(tag: String, link: PaymentLink, possibleDuplicate: Bool, otherPaymentIds: String)
        /// Parked there for an operator: park it here too, make no call.
        case unknown(tag: String)
        /// A live job there holds it (a worker of the old layout is finishing it): try later.
        case held(tag: String)
        /// A call made there may have created a link: call, flagged `possibleDuplicate`.
        case mayHaveLink(tag: String)
    }

    func check(orderId: String) async throws(RedisError) -> Finding {
        var found = Finding.none
        for tag in layout.earlierTags(of: orderId, current: current) {
            guard let keys = try? QueueKeys(queue: tag) else { continue }
            let reply = try await redis.run(QueueScripts.peekResult, keys: keys, items: [orderId], arguments: [])
            guard let values = reply.array?.map({ $0.string ?? "" }), values.count == 11 else {
                throw RedisError(code: .commandFailed, command: "EVALSHA", message: "unexpected reply reading \(keys.result(orderId))")
            }
            let held = values[0] == "1"
            let status = values[1]
            if status == OrderStatus.succeeded.rawValue {
                let link = PaymentLink(
                    payInfo: values[4], paymentId: values[5], merchantId: values[6], amount: values[8], bizPayOrderId: values[7])
                return .succeeded(tag: tag, link: link, possibleDuplicate: values[9] == "1", otherPaymentIds: values[10])
            }
            if held { return .held(tag: tag) }
            if status == OrderStatus.unknown.rawValue { return .unknown(tag: tag) }
            let lostWhileSending = status == OrderStatus.sending.rawValue && !values[3].isEmpty
            if values[2] == "1" || lostWhileSending, found == .none { found = .mayHaveLink(tag: tag) }
        }
        return found
    }
}
