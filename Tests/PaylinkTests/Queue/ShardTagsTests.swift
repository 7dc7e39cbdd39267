import PaylinkRedis
import Testing

@testable import Paylink

/// The spread tags land evenly on the slot ranges `redis-cli --cluster create` gives its masters.
struct ShardTagsTests {
    /// Master ranges as `redis-cli --cluster create` assigns them (`clusterManagerCommandCreate`:
    /// `last = lround(cursor + slotsPerNode - 1)`, the last master up to 16383).
    static func redisCLIRanges(masters: Int) -> [ClosedRange<Int>] {
        let perNode = Float(RedisKeySlot.count) / Float(masters)
        var ranges: [ClosedRange<Int>] = []
        var first = 0
        var cursor: Float = 0
        for index in 0..<masters {
            var last = Int((cursor + perNode - 1).rounded(.toNearestOrAwayFromZero))
            if last > RedisKeySlot.count || index == masters - 1 { last = RedisKeySlot.count - 1 }
            if last < first { last = first }
            ranges.append(first...last)
            first = last + 1
            cursor += perNode
        }
        return ranges
    }

    static func perMaster(_ tags: [String], masters: Int) -> [Int] {
        let ranges = redisCLIRanges(masters: masters)
        return ranges.map { range in tags.filter { range.contains(RedisKeySlot.slot(of: $0)) }.count }
    }

    @Test(arguments: 1...6)
    func spreadTagsGiveEveryMasterTheFloorOrCeilingOfTheShards(masters: Int) throws {
        for count in 2...64 {
            let counts = Self.perMaster(try ShardTags.spread(queue: "orders", count: count), masters: masters)
            #expect(counts.max()! - counts.min()! <= 1, "\(count) shards over \(masters) masters: \(counts)")
        }
    }

    @Test func theLegacyTagsAreOftenUneven() {
        // What the spread fixes: `q:i` falls where CRC16 puts it.
        var uneven = 0
        for queue in (0..<100).map({ "q\($0)" }) {
            let counts = Self.perMaster(ShardTags.legacy(queue: queue, count: 6), masters: 3)
            if counts != [2, 2, 2] { uneven += 1 }
        }
        #expect(uneven > 50, "\(uneven) of 100 queues uneven with the legacy tags")
    }

    @Test func aLegacyTagIsKeptWhenItsSlotAlreadyQualifies() throws {
        for count in 2...12 {
            let tags = try ShardTags.spread(queue: "default", count: count)
            for (index, tag) in tags.enumerated() {
                let legacy = "default:\(index)"
                if ShardTags.window(index, of: count).contains(RedisKeySlot.slot(of: legacy)) {
                    #expect(tag == legacy)
                } else {
                    #expect(tag.hasPrefix(legacy + "."))
                }
            }
        }
    }

    @Test func tagsAreDeterministicAndAvoidTheGivenOnes() throws {
        let first = try ShardTags.spread(queue: "orders", count: 8)
        #expect(try ShardTags.spread(queue: "orders", count: 8) == first)
        let next = try ShardTags.spread(queue: "orders", count: 8, avoiding: Set(first))
        #expect(Set(next).isDisjoint(with: first))
        #expect(Self.perMaster(next, masters: 3).max()! - Self.perMaster(next, masters: 3).min()! <= 1)
        #expect(try ShardTags.spread(queue: "orders", count: 1) == ["orders"])
    }

    @Test func aTooLongQueueNameIsRefused() {
        let name = String(repeating: "q", count: 62)
        #expect(throws: ConfigurationError.self) { try ShardTags.spread(queue: name, count: 12) }
    }
}
