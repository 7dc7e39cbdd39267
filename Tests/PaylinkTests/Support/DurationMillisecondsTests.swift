import Testing

@testable import Paylink

/// The Duration conversions every Redis score and limiter argument goes through: exact in
/// range, saturating (never trapping) beyond Int64.
struct DurationMillisecondsTests {
    @Test func ordinaryDurationsConvertExactly() {
        #expect(Duration.seconds(90).milliseconds == 90_000)
        #expect(Duration.milliseconds(1_500).microseconds == 1_500_000)
        #expect(Duration.microseconds(1_999).milliseconds == 1)
        #expect(Duration.nanoseconds(999).microseconds == 0)
        #expect(Duration.zero.milliseconds == 0)
        #expect(Duration.seconds(-3).milliseconds == -3_000)
    }

    @Test func hugeDurationsSaturate() {
        // 9,999,999,999,999 s is the Retry-After that used to trap the worker (x 1,000,000 > Int64).
        #expect(Duration.seconds(9_999_999_999_999).microseconds == .max)
        #expect(Duration.seconds(Int64.max).milliseconds == .max)
        #expect(Duration.seconds(Int64.min).microseconds == .min)
        #expect(Duration.seconds(-9_999_999_999_999).microseconds == .min)
        #expect(Duration.seconds(9_223_372_036_855).microseconds == .max)
        #expect(Duration.seconds(9_223_372_036_854).microseconds == 9_223_372_036_854_000_000)
    }

    /// Property: for any seconds and sub-second part, the result is the exact value when it
    /// fits and the bound on the same side when it does not.
    @Test func anyDurationConvertsWithoutTrapping() {
        var random = SplitMix64(seed: 0xD0_4A7_10)
        for _ in 0..<20_000 {
            let seconds = Int64(truncatingIfNeeded: random.next()) >> Int64.random(in: 0...63, using: &random)
            let attoseconds = Int64.random(in: 0..<1_000_000_000_000_000_000, using: &random)
            let duration = Duration(secondsComponent: seconds, attosecondsComponent: attoseconds)
            let exact = Int128(duration.components.seconds) * 1_000_000 + Int128(duration.components.attoseconds / 1_000_000_000_000)
            let expected = exact > Int128(Int64.max) ? Int64.max : exact < Int128(Int64.min) ? Int64.min : Int64(exact)
            #expect(duration.microseconds == expected, "\(duration)")
        }
    }
}
