import Synchronization

/// The age of each queue's oldest pending element, for `paylink_queue_oldest_age_seconds` and the
/// dashboard's overview.
///
/// From the element's `enqueuedAt` when it has a plausible one; otherwise from when this reader
/// first saw that element at the consumer end of the queue, a lower bound (so one reader per
/// process keeps its own memory of what it saw). Producers other than paylink's own may push
/// elements without `enqueuedAt`, which is why the fallback exists.
public final class OldestPendingAge: Sendable {
    /// Per queue: the oldest pending element's hash and when it was first seen there (Unix ms).
    private let tails = Mutex<[String: (hash: Int, since: Int64)]>([:])

    public init() {}

    /// - Parameters:
    ///   - element: `LINDEX pending -1`, nil for an empty queue.
    ///   - queue: the queue (shard) name the element came from.
    ///   - now: Unix ms.
    /// - Returns: milliseconds, 0 for an empty queue.
    public func age(of element: [UInt8]?, queue: String, now: Int64) -> Int64 {
        guard let element else {
            _ = tails.withLock { $0.removeValue(forKey: queue) }
            return 0
        }
        if let enqueuedAt = Self.enqueuedAt(of: element), enqueuedAt <= now {
            return now - enqueuedAt
        }
        var hasher = Hasher()
        element.withUnsafeBytes { hasher.combine(bytes: $0) }
        let hash = hasher.finalize()
        return tails.withLock { tails in
            if let seen = tails[queue], seen.hash == hash { return now - seen.since }
            tails[queue] = (hash, now)
            return 0
        }
    }

    /// The element's `enqueuedAt`, when it is an order of at most the element size limit with a
    /// readable one.
    static func enqueuedAt(of element: [UInt8]) -> Int64? {
        guard element.count <= OrderParser.maxElementBytes, let document = try? JSONValue.parse(element) else { return nil }
        return OrderParser.enqueuedAt(document.objectValue?["enqueuedAt"])
    }
}
