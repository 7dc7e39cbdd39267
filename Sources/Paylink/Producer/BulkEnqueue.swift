import PaylinkRedis

/// Validates and pushes large numbers of orders, as `paylink enqueue` does: every element is
/// checked before anything is pushed, batch members are registered before any of them is
/// pushed (so a batch never looks finished early), and pushes are pipelined in chunks.
public struct BulkEnqueue: Sendable {
    /// An element that failed validation, by line.
    public struct Problem: Sendable, CustomStringConvertible {
        public var line: Int
        public var rejection: OrderRejection
        public var description: String { "line \(line): \(rejection)" }
    }

    /// The orders to push, ready; and the lines that were refused.
    public struct Plan: Sendable {
        public var elements: [[UInt8]]
        public var orderIds: [String]
        public var problems: [Problem]
    }

    public let queue: OrderQueue
    /// Elements per `LPUSH`, and orderIds per batch registration call.
    public var chunkSize = 1000

    public init(queue: OrderQueue) {
        self.queue = queue
    }

    /// Validates every element (on all cores); with `batchId`, each order is rewritten to carry it.
    public static func plan(_ numbered: [OrderFileReader.NumberedElement], batchId: String?) async -> Plan {
        let slices = max(1, min(8, numbered.count / 10_000))
        let size = (numbered.count + slices - 1) / max(slices, 1)
        let parts = await withTaskGroup(of: (Int, Plan).self) { group in
            for index in 0..<slices {
                let range = (index * size)..<min((index + 1) * size, numbered.count)
                group.addTask { (index, planSlice(numbered[range], batchId: batchId)) }
            }
            var parts = [Plan?](repeating: nil, count: slices)
            for await (index, part) in group { parts[index] = part }
            return parts.compactMap { $0 }
        }
        var plan = Plan(elements: [], orderIds: [], problems: [])
        plan.elements.reserveCapacity(numbered.count)
        plan.orderIds.reserveCapacity(numbered.count)
        for part in parts {
            plan.elements += part.elements
            plan.orderIds += part.orderIds
            plan.problems += part.problems
        }
        return plan
    }

    private static func planSlice(_ numbered: ArraySlice<OrderFileReader.NumberedElement>, batchId: String?) -> Plan {
        var plan = Plan(elements: [], orderIds: [], problems: [])
        plan.elements.reserveCapacity(numbered.count)
        plan.orderIds.reserveCapacity(numbered.count)
        let batchMember = batchId.map { Array(#","batchId":"\#($0)"}"#.utf8) } ?? []
        for item in numbered {
            switch OrderParser.parse(item.bytes) {
            case .success(var order):
                plan.orderIds.append(order.orderId)
                if let batchId, order.batchId != batchId {
                    if order.batchId == nil, item.bytes.last == UInt8(ascii: "}"), !Self.mentionsBatch(item.bytes) {
                        // Keep the producer's element as written, with the batch added at the end.
                        var element = item.bytes
                        element.removeLast()
                        element.append(contentsOf: batchMember)
                        plan.elements.append(element)
                    } else {
                        order.batchId = batchId
                        plan.elements.append(order.jsonBytes())
                    }
                } else {
                    plan.elements.append(item.bytes)
                }
            case .failure(let rejection):
                plan.problems.append(Problem(line: item.line, rejection: rejection))
            }
        }
        return plan
    }

    /// The plan's orders grouped by the shard their orderId belongs to, in file order within each.
    public static func split(_ plan: Plan, over shards: QueueShards) -> [(QueueKeys, Plan)] {
        guard shards.shards.count > 1 else { return [(shards.shards[0], plan)] }
        var parts = shards.shards.map { _ in Plan(elements: [], orderIds: [], problems: []) }
        for (element, orderId) in zip(plan.elements, plan.orderIds) {
            let index = QueueShards.shard(of: orderId, count: shards.shards.count)
            parts[index].elements.append(element)
            parts[index].orderIds.append(orderId)
        }
        return Array(zip(shards.shards, parts))
    }

    /// Whether the element has a `batchId` member (perhaps `null`): appending one would duplicate it.
    private static func mentionsBatch(_ bytes: [UInt8]) -> Bool {
        let needle = Array(#""batchId""#.utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Registers the batch (when given), then pushes every element of the plan.
    /// - Parameter progress: called with the number pushed so far after each chunk.
    public func push(_ plan: Plan, batchId: String?, progress: (Int) -> Void = { _ in }) async throws {
        if let batchId {
            // Every registration lands before the first push (the group finishes first).
            let ids = plan.orderIds
            let step = 5000
            try await withThrowingTaskGroup(of: Void.self) { group in
                for start in stride(from: 0, to: ids.count, by: step) {
                    group.addTask { try await queue.registerBatch(batchId, orderIds: Array(ids[start..<min(start + step, ids.count)])) }
                }
                try await group.waitForAll()
            }
        }
        // Several chunks per round trip, pipelined in file order so the queue stays FIFO.
        let window = 8
        var start = 0
        while start < plan.elements.count {
            let end = min(start + chunkSize * window, plan.elements.count)
            let chunks = stride(from: start, to: end, by: chunkSize).map { Array(plan.elements[$0..<min($0 + chunkSize, end)]) }
            try await queue.enqueue(chunks: chunks)
            progress(end)
            start = end
        }
    }
}
