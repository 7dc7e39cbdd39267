import Logging
import PaylinkRedis

extension OrderProcessor {
    /// The call, unless the order's shards under the queue's earlier layouts (`EarlierShards`)
    /// already know it: a link there is stored here without a call, an order parked there is
    /// parked here, one a live job holds there is tried again later (its attempt given back),
    /// and one whose call there may have made a link is sent flagged `possibleDuplicate`.
    func callUnlessKnown(_ order: Order, job: ClaimedJob) async -> Settlement {
        guard let earlierShards else { return await call(order, job: job) }
        let finding: EarlierShards.Finding
        do {
            finding = try await earlierShards.check(orderId: order.orderId)
        } catch {
            logger.warning("Could not read the order's earlier shards; returning it unsent", metadata: ["orderId": "\(order.orderId)", "error": "\(error)"])
            return .release(maySent: false)
        }
        switch finding {
        case .none:
            return await call(order, job: job)
        case .succeeded(let tag, let link, let possibleDuplicate, let otherPaymentIds):
            logger.info("Answered from an earlier shard's link; no call", metadata: ["orderId": "\(order.orderId)", "shard": "\(tag)"])
            var result = ResultBuilder.succeeded(order, link: link)
            result.fields.append((ResultField.earlierAttempts, "answered from shard \(tag)'s link (an earlier --shards layout); no call made"))
            if possibleDuplicate { result.fields.append((ResultField.possibleDuplicate, "1")) }
            if !otherPaymentIds.isEmpty { result.fields.append((ResultField.otherPaymentIds, otherPaymentIds)) }
            return .store(result)
        case .unknown(let tag):
            let failure = PayFailure(
                kind: .ambiguous, code: "ambiguous",
                message: "parked as unknown in shard \(tag) (an earlier --shards layout); resolve it there and here")
            return .store(ResultBuilder.unknown(order, failure: failure))
        case .held(let tag):
            logger.debug("Held by a job in an earlier shard; trying later", metadata: ["orderId": "\(order.orderId)", "shard": "\(tag)"])
            let failure = PayFailure(
                kind: .transient, code: EarlierShards.heldCode,
                message: "a job in shard \(tag) (an earlier --shards layout) holds this order", retryAfter: .seconds(2))
            return .retry(orderId: order.orderId, failure: failure, unsureNote: nil)
        case .mayHaveLink(let tag):
            return Self.flagged(await call(order, job: job), tag: tag)
        }
    }

    /// A call's settlement marked as possibly a second link: a stored link gets
    /// `possibleDuplicate`, a failure keeps `unsure` (so a re-push follows the ambiguous policy).
    static func flagged(_ settlement: Settlement, tag: String) -> Settlement {
        guard case .store(var result) = settlement else { return settlement }
        switch result.status {
        case .succeeded:
            result.fields.append((ResultField.possibleDuplicate, "1"))
            result.fields.append((ResultField.earlierAttempts, "a call in shard \(tag) (an earlier --shards layout) may have created a link"))
        case .failed:
            result.fields.append((ResultField.unsure, "1"))
        default:
            break
        }
        return .store(result)
    }
}
