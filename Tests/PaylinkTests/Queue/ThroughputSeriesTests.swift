@testable import Paylink
import Testing

/// The throughput reader's arithmetic without Redis: buckets, zeros, sums, rates, bad fields.
struct ThroughputSeriesTests {
    static let minute = ThroughputLayout.minuteMilliseconds

    @Test func bucketsEndWithTheOneHoldingNowAndAreFilledWithZeros() {
        let series = ThroughputSeries(bucketMilliseconds: Self.minute, now: 1_796_198_952_630, count: 60)
        #expect(series.buckets.count == 60)
        #expect(series.buckets.last?.start == 1_796_198_940_000)
        #expect(series.buckets.first?.start == 1_796_198_940_000 - 59 * Self.minute)
        #expect(series.buckets.allSatisfy { $0.total == 0 })
        #expect(series.ratePerSecond(.succeeded) == 0)
    }

    @Test func fieldsLandInTheirBucketsAndRatesUseTheLastCompleteMinute() {
        let now: Int64 = 1_796_198_952_630
        let current: Int64 = 1_796_198_940_000
        var series = ThroughputSeries(bucketMilliseconds: Self.minute, now: now, count: 3)
        series.add(fields: [
            (ThroughputLayout.latestField, String(current)),
            (ThroughputLayout.field(start: current, outcome: .succeeded), "7"),
            (ThroughputLayout.field(start: current - Self.minute, outcome: .succeeded), "120"),
            (ThroughputLayout.field(start: current - Self.minute, outcome: .rejected), "6"),
            (ThroughputLayout.field(start: current - 10 * Self.minute, outcome: .failed), "5"),  // before the series
        ])
        #expect(series.buckets.map(\.succeeded) == [0, 120, 7])
        #expect(series.lastComplete?.rejected == 6)
        #expect(series.ratePerSecond(.succeeded) == 2)
        #expect(series.ratePerSecond(.rejected) == 0.1)
        #expect(series.buckets.map(\.failed) == [0, 0, 0] && series.problems.isEmpty)
    }

    @Test func shardsAddUpBucketByBucket() {
        let now: Int64 = 1_796_198_952_630
        var a = ThroughputSeries(bucketMilliseconds: Self.minute, now: now, count: 2)
        var b = ThroughputSeries(bucketMilliseconds: Self.minute, now: now + 60_000, count: 2)  // a minute later
        a.add(fields: [(ThroughputLayout.field(start: 1_796_198_940_000, outcome: .failed), "2")])
        b.add(fields: [
            (ThroughputLayout.field(start: 1_796_198_940_000, outcome: .failed), "3"),
            (ThroughputLayout.field(start: 1_796_199_000_000, outcome: .failed), "4"), ("junk", "1"),
        ])
        a.add(b)
        #expect(a.buckets.map(\.failed) == [0, 5], "b's newer minute is past a's range")
        #expect(a.skippedFields == 1 && a.problems.count == 1)
        var maxed = ThroughputBucket(start: 0)
        maxed.succeeded = .max
        maxed.add(maxed)
        #expect(maxed.succeeded == .max && maxed.total == .max)
    }

    @Test func onlyAlignedStartsAndKnownOutcomesParse() {
        #expect(ThroughputSeries.parse("1796198940000:succeeded", bucketMilliseconds: Self.minute)?.1 == .succeeded)
        #expect(ThroughputSeries.parse("1796198940000:rejected", bucketMilliseconds: Self.minute)?.0 == 1_796_198_940_000)
        for bad in [
            "-60000:succeeded", "1796198940001:failed", ":failed", "1796198940000:", "1796198940000", "1796198940000:Failed",
            "99999999999999999999:failed", "1796198940000:failed:x", "latest", "", "１２:failed",
        ] {
            #expect(ThroughputSeries.parse(bad, bucketMilliseconds: Self.minute) == nil, "\(bad)")
        }
    }

    @Test func problemsAreBoundedAndShowHostileTextSafely() {
        var series = ThroughputSeries(bucketMilliseconds: Self.minute, now: 1_796_198_952_630, count: 2)
        let long = String(repeating: "\u{1}x", count: 100)
        series.add(fields: (0..<25).map { ("\(long)\($0)", "1") } + [("1796198940000:failed", "-1"), ("1796198940000:unknown", "1e3")])
        #expect(series.skippedFields == 27)
        #expect(series.problems.count == ThroughputSeries.maxProblems)
        #expect(series.problems.allSatisfy { $0.utf8.count < 200 && !$0.contains("\u{1}") })
        #expect(series.buckets.allSatisfy { $0.total == 0 })
    }

    @Test func outcomesAreTheStatusAndCountsNamesTheScriptsWrite() {
        for outcome in ThroughputOutcome.allCases where outcome != .rejected {
            #expect(OrderStatus(rawValue: outcome.rawValue)?.isTerminal == true)
        }
        #expect(ThroughputOutcome.rejected.rawValue == CountsField.rejected.rawValue)
        #expect(OrderStatus.allCases.filter(\.isTerminal).allSatisfy { ThroughputOutcome(rawValue: $0.rawValue) != nil })
        #expect(LuaNames.inlined(ThroughputOutcome.allCases.map(\.luaName).joined(separator: ",")).source
            == ThroughputOutcome.allCases.map { "'\($0.rawValue)'" }.joined(separator: ","))
    }
}
