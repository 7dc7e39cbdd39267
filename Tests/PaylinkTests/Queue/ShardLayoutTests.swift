import Testing

@testable import Paylink

/// The recorded layout is read back exactly, and a hostile record is refused with its reason.
struct ShardLayoutTests {
    @Test func aLayoutReadsBackAsWritten() throws {
        let layout = ShardLayout(queue: "q", generation: 3, tags: ["q:0.2", "q:1", "q:2.7"], previous: [["q:0", "q:1.4"], ["q"]])
        let fields = Dictionary(uniqueKeysWithValues: layout.fields(changedAt: 1).map { ($0.0, $0.1) })
        #expect(try ShardLayout.parse(queue: "q", fields: fields) == layout)
        #expect(try ShardLayout.parse(queue: "q", fields: [:]) == nil)
    }

    @Test func earlierTagsFollowEachLayoutsOwnCount() {
        let layout = ShardLayout(queue: "q", generation: 2, tags: ["q:0.1", "q:1.1", "q:2.1"], previous: [["q:0", "q:1"]])
        for orderId in ["A-1", "A-2", "B-77"] {
            let old = ["q:0", "q:1"][QueueShards.shard(of: orderId, count: 2)]
            let current = layout.tags[QueueShards.shard(of: orderId, count: 3)]
            #expect(layout.earlierTags(of: orderId, current: current) == [old])
        }
        #expect(layout.retiredTags == ["q:0", "q:1"])
        // A tag both layouts use is the same shard: nothing earlier to read, nothing to forward.
        let shared = ShardLayout(queue: "q", generation: 2, tags: ["q:0", "q:1.1"], previous: [["q:0"]])
        #expect(shared.earlierTags(of: "A-1", current: "q:0").isEmpty)
        #expect(shared.retiredTags.isEmpty)
    }

    @Test(arguments: [
        ["count": "2", "tags": "q:0 q:1"],  // no generation
        ["count": "3", "tags": "q:0 q:1", "generation": "1"],  // count disagrees
        ["count": "2", "tags": "q:0 q:0", "generation": "1"],  // a tag twice
        ["count": "1", "tags": "q{x}", "generation": "1"],  // a tag that breaks out of its braces
        ["count": "0", "tags": "", "generation": "1"],
        ["count": "1", "tags": "q", "generation": "-4"],
        ["count": "1", "tags": "q", "generation": "1", "previous": Array(repeating: "q:0", count: 9).joined(separator: "\n")],
    ])
    func aMalformedRecordIsRefused(fields: [String: String]) {
        #expect(throws: ConfigurationError.self) { try ShardLayout.parse(queue: "q", fields: fields) }
    }
}
