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
        /// The input line of each element, so a refused push can be reported by line.
        public var lines: [Int]
        public var problems: [Problem]

        public init(elements: [[UInt8]] = [], orderIds: [String] = [], lines: [Int] = [], problems: [Problem] = []) {
            self.elements = elements
            self.orderIds = orderIds
            self.lines = lines
            self.problems = problems
        }
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
        var plan = Plan()
        plan.elements.reserveCapacity(numbered.count)
        plan.orderIds.reserveCapacity(numbered.count)
        plan.lines.reserveCapacity(numbered.count)
        for part in parts {
            plan.elements += part.elements
            plan.orderIds += part.orderIds
            plan.lines += part.lines
            plan.problems += part.problems
        }
        return plan
    }

    private static func planSlice(_ numbered: ArraySlice<OrderFileReader.NumberedElement>, batchId: String?) -> Plan {
        var plan = Plan()
        plan.elements.reserveCapacity(numbered.count)
        plan.orderIds.reserveCapacity(numbered.count)
        plan.lines.reserveCapacity(numbered.count)
        let batchMember = batchId.map { Array(#","batchId":"\#($0)""#.utf8) } ?? []
        let stamp = Array(#","enqueuedAt":\#(UnixTime.milliseconds())"#.utf8)
        for item in numbered {
            switch OrderParser.parse(item.bytes) {
            case .success(var order):
                plan.orderIds.append(order.orderId)
                plan.lines.append(item.line)
                let addBatch = batchId != nil && order.batchId != batchId
                // Not where the stamp would push the element past the size a worker accepts.
                let addStamp =
                    order.enqueuedAt == nil && item.bytes.count + stamp.count + batchMember.count <= OrderParser.maxElementBytes
                    && !Self.mentions(Self.enqueuedAtName, in: item.bytes)
                guard addBatch || addStamp else {
                    plan.elements.append(item.bytes)
                    continue
                }
                if item.bytes.last == UInt8(ascii: "}"), !addBatch || (order.batchId == nil && !Self.mentions(Self.batchIdName, in: item.bytes)) {
                    // Keep the producer's element as written, with the members added at the end.
                    var element = item.bytes
                    element.removeLast()
                    if addBatch { element.append(contentsOf: batchMember) }
                    if addStamp { element.append(contentsOf: stamp) }
                    element.append(UInt8(ascii: "}"))
                    plan.elements.append(element)
                } else {
                    if let batchId { order.batchId = batchId }
                    if order.enqueuedAt == nil { order.enqueuedAt = UnixTime.milliseconds() }
                    plan.elements.append(order.jsonBytes())
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
        var parts = shards.shards.map { _ in Plan() }
        for position in plan.elements.indices {
            let index = QueueShards.shard(of: plan.orderIds[position], count: shards.shards.count)
            parts[index].elements.append(plan.elements[position])
            parts[index].orderIds.append(plan.orderIds[position])
            parts[index].lines.append(plan.lines[position])
        }
        return Array(zip(shards.shards, parts))
    }

    static let batchIdName = Array(#""batchId""#.utf8)
    static let enqueuedAtName = Array(#""enqueuedAt""#.utf8)

    /// Whether the element has a member of that (quoted) name, perhaps `null` or unreadable:
    /// appending one would duplicate it.
    private static func mentions(_ needle: [UInt8], in bytes: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
