import Testing
@testable import PaylinkDashboard

struct PageTextTests {
    @Test func countsAreGroupedInThrees() {
        #expect(PageText.count(0) == "0")
        #expect(PageText.count(999) == "999")
        #expect(PageText.count(1000) == "1,000")
        #expect(PageText.count(1_234_567) == "1,234,567")
        #expect(PageText.count(-12_345) == "-12,345")
        #expect(PageText.count(Int.min) == "-9,223,372,036,854,775,808")
    }

    @Test func timesAreUTC() {
        #expect(PageText.utc(1_796_198_952_630) == "2026-12-02 08:09:12 UTC")
        #expect(PageText.utc(86_400_000) == "1970-01-02 00:00:00 UTC")
        #expect(PageText.utc(0) == "")
        #expect(PageText.utc(-5) == "")
    }

    @Test func agesUseTheUnitThatMatters() {
        #expect(PageText.age(-1000) == "0s")
        #expect(PageText.age(59_999) == "59s")
        #expect(PageText.age(250_000) == "4m 10s")
        #expect(PageText.age(3 * 3_600_000 + 120_000) == "3h 2m")
        #expect(PageText.age(2 * 86_400_000 + 5 * 3_600_000) == "2d 5h")
    }

    @Test func ratesKeepTheDigitsThatMatter() {
        #expect(PageText.rate(0) == "0")
        #expect(PageText.rate(.nan) == "0")
        #expect(PageText.rate(-3) == "0")
        #expect(PageText.rate(0.05) == "0.05")
        #expect(PageText.rate(3.214) == "3.21")
        #expect(PageText.rate(13.66) == "13.7")
        #expect(PageText.rate(1234.4) == "1234")
    }

    @Test func percentIsBoundedAndRoundsDown() {
        #expect(PageText.percent(1, of: 3) == 33)
        #expect(PageText.percent(5, of: 0) == 0)
        #expect(PageText.percent(7, of: 5) == 100)
        #expect(PageText.percent(-1, of: 5) == 0)
    }

    @Test func progressSegmentsNeverExceedTheBar() {
        let progress = BatchProgress(total: 10, succeeded: 7, failed: 5, invalid: 1, unknown: 0)
        #expect(progress.segments.map(\.status) == ["succeeded", "failed"])
        #expect(progress.segments.map(\.x) == ["0.00", "70.00"])
        #expect(progress.segments.map(\.width) == ["70.00", "30.00"])
        #expect(BatchProgress(total: 0, succeeded: 3, failed: 0, invalid: 0, unknown: 0).segments.isEmpty)
        #expect(BatchProgress(total: 3, succeeded: 1, failed: 0, invalid: 0, unknown: 0).segments.map(\.width) == ["33.33"])
    }
}
