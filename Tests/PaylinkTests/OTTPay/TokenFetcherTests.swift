import Testing

@testable import Paylink

/// The token answer's `expired`: read exactly, refused unless after now, believed for 24 h at most.
struct TokenFetcherTests {
    let now: Int64 = 1_760_000_000_000

    @Test func aPlainExpiryFifteenMinutesAheadIsTaken() throws {
        #expect(try TokenFetcher.expiry(.number("1760000900000"), nowMillis: now).get() == 1_760_000_900_000)
        #expect(try TokenFetcher.expiry(.string("1760000900000"), nowMillis: now).get() == 1_760_000_900_000)
        #expect(try TokenFetcher.expiry(.number("1.7600009e12"), nowMillis: now).get() == 1_760_000_900_000)
    }

    @Test(arguments: [
        "1e19", "1e400", "-1e400", "-9223372036854775808", "9223372036854775808",
        "-1", "0", "1.5e12", "1760000900000.5", "NaN", "nan", "inf", "-inf", "Infinity", "0x1p62", "",
        "1760000000000", "1759999999999", "99999999999999999999",
    ])
    func hostileExpiriesAreABadTokenAnswer(literal: String) {
        for value in [JSONValue.number(literal), .string(literal)] {
            switch TokenFetcher.expiry(value, nowMillis: now) {
            case .success(let expired): Issue.record("\(value) accepted as \(expired)")
            case .failure(let failure):
                #expect(failure.code == "token_bad_response" && failure.kind == .transient, "\(failure)")
                #expect(failure.message.contains("expired"))
            }
        }
    }

    @Test(arguments: ["1760086400001", "4102444800000", "9223372036854775807"])
    func aFarFutureExpiryIsBelievedForADayAtMost(literal: String) throws {
        #expect(try TokenFetcher.expiry(.number(literal), nowMillis: now).get() == now + 86_400_000)
    }

    @Test func missingOrOddlyTypedExpiriesAreABadTokenAnswer() {
        for value: JSONValue? in [nil, .null, .bool(true), .array([.number("1")]), .object([:])] {
            #expect(throws: PayFailure.self) { try TokenFetcher.expiry(value, nowMillis: now).get() }
        }
    }

    @Test func theWindowHoldsAtEveryNowIncludingTheExtremes() {
        for clock in [Int64.min, .min + 1, -1, 0, now, .max - 1, .max] {
            for offset in [Int64.min, -1, 0, 1, 86_400_000, 86_400_001, .max] {
                let (expired, overflow) = clock.addingReportingOverflow(offset)
                guard !overflow else { continue }
                let taken = try? TokenFetcher.expiry(.number(String(expired)), nowMillis: clock).get()
                #expect((taken != nil) == (offset > 0), "now \(clock) offset \(offset)")
                if let taken { #expect(taken > clock && taken - clock <= 86_400_000 && taken <= expired, "now \(clock) offset \(offset)") }
            }
        }
    }

    /// Property: random literals of every shape never trap and are taken only inside the window.
    @Test func randomLiteralsNeverTrap() {
        var random = SplitMix64(seed: 0x70_4E_E7)
        for _ in 0..<20_000 {
            let literal: String
            switch Int.random(in: 0..<4, using: &random) {
            case 0: literal = String(Int64(bitPattern: random.next()))
            case 1: literal = "\(Int.random(in: 1...9, using: &random))e\(Int.random(in: -400...400, using: &random))"
            case 2: literal = String(Double(bitPattern: random.next()))
            default: literal = String(now + Int64.random(in: -100_000_000...100_000_000, using: &random))
            }
            if case .success(let expired) = TokenFetcher.expiry(.number(literal), nowMillis: now) {
                #expect(expired > now && expired - now <= 86_400_000, "\(literal)")
            }
        }
    }
}
