/// A queue's outcomes per minute or per UTC day, oldest bucket first, with zeros where nothing
/// happened, read from the throughput hashes the scripts keep (`ThroughputLayout`). What the
/// operators' dashboard charts: `OrderQueue.throughput(minutes:)`, `OrderQueue.dailyHistory(days:)`,
/// and the same on `QueueShards` for every shard summed.
///
/// A count is one result becoming final in that bucket (one `result` event), by its final
/// status, or one unreadable element sent to the dead list (`rejected`); counts never go down
/// (an operator's `dead retry` takes nothing off), so a day may count more outcomes than orders.
public struct ThroughputSeries: Sendable, Equatable {
    /// A bucket's length: `ThroughputLayout.minuteMilliseconds` or `dayMilliseconds`.
    public var bucketMilliseconds: Int64
    /// Redis's clock when it was read (Unix ms).
    public var now: Int64
    /// Contiguous buckets, oldest first; the last is the current one, which runs until `now`.
    public var buckets: [ThroughputBucket]
    /// Fields of the hashes that were skipped because they are not what the scripts write
    /// (hand-edited or damaged): the first few, described. Empty normally.
    public var problems: [String] = []
    /// How many fields were skipped in all.
    public var skippedFields = 0

    /// How many problems are described; the rest are only counted in `skippedFields`.
    public static let maxProblems = 10

    /// Empty buckets ending with the one that holds `now`.
    public init(bucketMilliseconds: Int64, now: Int64, count: Int) {
        self.bucketMilliseconds = bucketMilliseconds
        self.now = now
        let current = now - now % bucketMilliseconds
        let first = current - Int64(max(count, 1) - 1) * bucketMilliseconds
        buckets = (0..<Int64(max(count, 1))).map { ThroughputBucket(start: first + $0 * bucketMilliseconds) }
    }

    /// The last complete bucket (the one before the current), if the series has one.
    public var lastComplete: ThroughputBucket? { buckets.count >= 2 ? buckets[buckets.count - 2] : nil }

    /// `outcome` per second in the last complete bucket (0 without one).
    public func ratePerSecond(_ outcome: ThroughputOutcome) -> Double {
        guard let bucket = lastComplete else { return 0 }
        return Double(bucket[outcome]) * 1000 / Double(bucketMilliseconds)
    }

    /// Adds a hash's fields (`HGETALL` of one shard's throughput hash) into the buckets. Fields
    /// outside the series' buckets are left out; fields that cannot be read are skipped and
    /// recorded in `problems`.
    mutating func add(fields: [(name: String, value: String)]) {
        guard let first = buckets.first?.start else { return }
        for (name, value) in fields where name != ThroughputLayout.latestField {
            guard let (start, outcome) = Self.parse(name, bucketMilliseconds: bucketMilliseconds) else {
                skip("field '\(Self.shown(name))' is not <bucket start ms>\(ThroughputLayout.separator)<outcome>")
                continue
            }
            guard let count = Int(value), count >= 0 else {
                skip("field '\(Self.shown(name))' holds '\(Self.shown(value))', not a count")
                continue
            }
            guard start >= first, start <= buckets[buckets.count - 1].start else { continue }
            let index = Int((start - first) / bucketMilliseconds)
            buckets[index][outcome] = ThroughputBucket.adding(buckets[index][outcome], count)
        }
    }

    /// Adds another series of the same bucket length (another shard's, read at about the same
    /// time): its buckets that fall in this series' range, and its problems.
    public mutating func add(_ other: ThroughputSeries) {
        guard other.bucketMilliseconds == bucketMilliseconds, let first = buckets.first?.start else { return }
        for bucket in other.buckets where bucket.start >= first && bucket.start <= buckets[buckets.count - 1].start {
            buckets[Int((bucket.start - first) / bucketMilliseconds)].add(bucket)
        }
        for problem in other.problems where problems.count < Self.maxProblems { problems.append(problem) }
        skippedFields += other.skippedFields
    }

    private mutating func skip(_ problem: String) {
        skippedFields += 1
        if problems.count < Self.maxProblems { problems.append(problem) }
    }

    /// `<start>:<outcome>` with a start of at most 15 digits (Unix ms until the year 33658) on a
    /// bucket boundary, and an outcome `ThroughputOutcome` knows.
    static func parse(_ name: String, bucketMilliseconds: Int64) -> (Int64, ThroughputOutcome)? {
        guard let colon = name.utf8.firstIndex(of: UInt8(ascii: ThroughputLayout.separator.unicodeScalars.first!)) else { return nil }
        let digits = name.utf8[..<colon]
        guard (1...15).contains(digits.count), digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let start = Int64(String(decoding: digits, as: UTF8.self)), start % bucketMilliseconds == 0,
            let outcome = ThroughputOutcome(rawValue: String(decoding: name.utf8[name.utf8.index(after: colon)...], as: UTF8.self))
        else { return nil }
        return (start, outcome)
    }

    /// A hostile name or value as a problem shows it: at most 64 bytes, printable ASCII.
    private static func shown(_ text: String) -> String {
        let bytes = text.utf8.prefix(64).map { $0 >= 32 && $0 < 127 ? $0 : UInt8(ascii: "?") }
        return String(decoding: bytes, as: UTF8.self) + (text.utf8.count > 64 ? "..." : "")
    }
}
