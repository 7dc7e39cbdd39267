import Testing

@testable import PaylinkHTTP

@Suite(.timeLimit(.minutes(1)))
struct RetryAfterTests {
    /// 1994-11-06 08:49:37 UTC, the RFC 9110 example date.
    private let exampleDate = 784_111_777

    @Test func deltaSecondsAreReadAsIs() {
        #expect(RetryAfter.parse("120", now: 0) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: 0) == .zero)
    }

    @Test func httpDateIsMeasuredFromNow() {
        #expect(RetryAfter.parseIMFFixdate("Sun, 06 Nov 1994 08:49:37 GMT") == exampleDate)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: exampleDate - 90) == .seconds(90))
    }

    @Test func pastDateMeansNoWait() {
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: exampleDate + 10) == .zero)
    }

    @Test func leapYearDatesAreExact() {
        #expect(RetryAfter.parseIMFFixdate("Thu, 29 Feb 2024 00:00:00 GMT") == 1_709_164_800)
        #expect(RetryAfter.parseIMFFixdate("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "+5", "Sun, 06 Nov 1994 08:49:37 PST",
        "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT"])
    func unreadableValuesGiveNil(value: String) {
        #expect(RetryAfter.parse(value, now: exampleDate) == nil)
    }

    @Test(arguments: ["86400", "86401", "9999999999999", "99999999999999999999999", "000000000000000000000000090000",
        String(repeating: "9", count: 5000)])
    func hugeDeltaSecondsAreClampedToOneDay(value: String) {
        #expect(RetryAfter.parse(value, now: exampleDate) == .seconds(86_400))
    }

    @Test func leadingZerosDoNotHideASmallValue() {
        #expect(RetryAfter.parse("0000000000000000000000000000120", now: 0) == .seconds(120))
        #expect(RetryAfter.parse("0000", now: 0) == .zero)
    }

    @Test func aDateInYear9999IsClampedToOneDay() {
        #expect(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", now: exampleDate) == .seconds(86_400))
        #expect(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", now: Int.min) == .seconds(86_400))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: Int.max) == .zero)
        #expect(RetryAfter.parse("Thu, 01 Jan 0000 00:00:00 GMT", now: exampleDate) == .zero)
    }

    /// Property, over a systematic sweep: whatever digits or date arrive, at whatever `now`, the
    /// delay is within 0...1 day and parsing never traps.
    @Test func anyDigitStringOrDateGivesADelayWithinTheCap() {
        let nows = [Int.min, Int.min + 1, -1, 0, exampleDate, Int(Int32.max), Int.max - 1, Int.max]
        var values: [String] = []
        for length in 1...40 {
            for digit in ["1", "5", "9"] { values.append(String(repeating: digit, count: length)) }
            values.append("1" + String(repeating: "0", count: length))
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for year in stride(from: 0, through: 9999, by: 37) {
            let text = String(repeating: "0", count: 4 - String(year).count) + String(year)
            values.append("Mon, 31 \(months[year % 12]) \(text) 23:59:60 GMT")
        }
        values.append("Fri, 31 Dec 9999 23:59:59 GMT")
        for value in values {
            for now in nows {
                let delay = RetryAfter.parse(value, now: now)
                #expect(delay.map { $0 >= .zero && $0 <= .seconds(86_400) } == true, "\(value) at \(now)")
            }
        }
    }

    @Test func responseReadsTheHeaderFromTheServer() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let seconds = try await client.execute(HTTPRequest(url: server.url("/retry?value=7")))
                #expect(seconds.status == 503)
                #expect(seconds.retryAfter == .seconds(7))
                let date = try await client.execute(HTTPRequest(url: server.url("/retry?value=Sun,%2006%20Nov%201994%2008:49:37%20GMT")))
                #expect(date.retryAfter == .zero)
                let none = try await client.execute(HTTPRequest(url: server.url("/bytes?count=1")))
                #expect(none.retryAfter == nil)
            }
        }
    }

    @Test func futureDateOnAResponseIsCloseToTheDelay() {
        let inOneMinute = RetryAfter.currentUnixTime() + 60
        let response = HTTPResponse(status: 429, headers: ["Retry-After": Self.imfFixdate(inOneMinute)])
        let delay = response.retryAfter
        #expect(delay.map { $0 >= .seconds(58) && $0 <= .seconds(60) } == true)
    }

    /// Formats seconds since 1970 as an IMF-fixdate (test-only inverse of the parser).
    private static func imfFixdate(_ time: Int) -> String {
        let days = time / 86_400
        let seconds = time % 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days % 7]
        // civil_from_days (Howard Hinnant), valid for dates after 1970.
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(pad(day)) \(months[month - 1]) \(year) \(pad(seconds / 3_600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60)) GMT"
    }
}
