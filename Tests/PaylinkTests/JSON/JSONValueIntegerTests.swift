import Paylink
import Testing

/// `JSONValue.exactInt64`: numbers from outside become Int64 only when exact.
struct JSONValueIntegerTests {
    @Test func exactValuesAreRead() {
        #expect(JSONValue.number("42").exactInt64 == 42)
        #expect(JSONValue.number("-9223372036854775808").exactInt64 == .min)
        #expect(JSONValue.number("9223372036854775807").exactInt64 == .max)
        #expect(JSONValue.number("1.7e12").exactInt64 == 1_700_000_000_000)
        #expect(JSONValue.number("3.0").exactInt64 == 3)
    }

    @Test(arguments: [
        "1e19", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "-9223372036854775809.0",
        "9.3e18", "1.5", "NaN", "nan", "inf", "-Infinity", "0x10", "", "1e-400x",
    ])
    func inexactOrOutOfRangeValuesAreNil(literal: String) {
        #expect(JSONValue.number(literal).exactInt64 == nil)
    }

    /// Property: whatever the literal, the value is either nil or exactly what the text says.
    @Test func randomLiteralsAreExactOrNil() {
        var random = SplitMix64(seed: 0x15_0E_47)
        for _ in 0..<20_000 {
            let mantissa = Int64(bitPattern: random.next()) >> Int64.random(in: 0...63, using: &random)
            let literal = Bool.random(using: &random) ? String(mantissa) : "\(mantissa)e\(Int.random(in: -3...3, using: &random))"
            guard let value = JSONValue.number(literal).exactInt64 else { continue }
            if let plain = Int64(literal) {
                #expect(value == plain)
            } else {
                #expect(value.magnitude <= 9_007_199_254_740_992 && Double(literal) == Double(value), "\(literal)")
            }
        }
    }

    @Test func otherKindsAreNil() {
        #expect(JSONValue.string("42").exactInt64 == nil)
        #expect(JSONValue.null.exactInt64 == nil)
    }
}
