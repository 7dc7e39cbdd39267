/// Which master serves each of the 16384 slots, as one node last described the cluster.
///
/// A value: the router swaps in a fresh one after each refresh and patches one slot on `MOVED`.
struct RedisClusterSlotMap: Sendable, Equatable {
    /// The masters that own at least one slot, in the order the node listed them.
    private(set) var masters: [RedisNodeAddress]
    /// Every node named (masters, then replicas): where the next refresh may ask, for instance
    /// a replica that was promoted after its master died.
    private(set) var knownNodes: [RedisNodeAddress]
    /// For each slot, an index into ``masters``; `unassigned` when no master serves it.
    private var owners: [UInt16]

    private static let unassigned = UInt16.max

    /// An empty map: every slot unassigned.
    init() {
        masters = []
        knownNodes = []
        owners = Array(repeating: Self.unassigned, count: RedisKeySlot.count)
    }

    /// The master serving `slot`, or `nil` when none does (the cluster is incomplete or down).
    func owner(ofSlot slot: Int) -> RedisNodeAddress? {
        let index = owners[slot]
        return index == Self.unassigned ? nil : masters[Int(index)]
    }

    /// How many slots have a master; a healthy cluster has all 16384.
    var assignedSlotCount: Int { owners.count(where: { $0 != Self.unassigned }) }

    /// Gives `slots` to `master`, which becomes known if it was not. Later calls win.
    mutating func assign(_ slots: ClosedRange<Int>, to master: RedisNodeAddress) {
        let index: Int
        if let known = masters.firstIndex(of: master) {
            index = known
        } else {
            index = masters.count
            masters.append(master)
        }
        if !knownNodes.contains(master) { knownNodes.append(master) }
        let owner = UInt16(index)
        for slot in slots { owners[slot] = owner }
    }

    /// Records a replica (or any node) that a refresh may ask later.
    mutating func remember(_ node: RedisNodeAddress) {
        if !knownNodes.contains(node) { knownNodes.append(node) }
    }

    /// Whether `slot` has an owner already (a slot listed twice is a malformed map).
    func isAssigned(_ slot: Int) -> Bool { owners[slot] != Self.unassigned }
}
