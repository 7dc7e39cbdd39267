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
        for item in numbered {
            switch OrderParser.parse(item.bytes) {
            case .success(var order):
                plan.orderIds.append(order.orderId)
                if let batchId, order.batchId != batchId {
                    order.batchId = batchId
                    plan.elements.append(order.jsonBytes())
                } else {
                    plan.elements.append(item.bytes)
                }
            case .failure(let rejection):
                plan.problems.append(Problem(line: item.line, rejection: rejection))
            }
        }
        return plan
    }

    /// Registers the batch (when given), then pushes every element of the plan.
    /// - Parameter progress: called with the number pushed so far after each chunk.
    public func push(_ plan: Plan, batchId: String?, progress: (Int) -> Void = { _ in }) async throws {
        if let batchId {
            for start in stride(from: 0, to: plan.orderIds.count, by: chunkSize * 5) {
                try await queue.registerBatch(batchId, orderIds: Array(plan.orderIds[start..<min(start + chunkSize * 5, plan.orderIds.count)]))
            }
        }
        // Several chunks in flight at once: the Redis client pipelines them on one connection.
        var pushed = 0
        let window = 8
        var start = 0
        while start < plan.elements.count {
            let end = min(start + chunkSize * window, plan.elements.count)
            let chunks = stride(from: start, to: end, by: chunkSize).map { Array(plan.elements[$0..<min($0 + chunkSize, end)]) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chunk in chunks { group.addTask { try await queue.enqueue(chunk) } }
                try await group.waitForAll()
            }
            pushed = end
            progress(pushed)
            start = end
        }
    }
}
