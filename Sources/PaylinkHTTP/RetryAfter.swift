import Glibc
import PaylinkSystem

/// Pure parsing of the `Retry-After` header (RFC 9110 §10.2.3), kept apart from the clock so it
/// can be tested without waiting.
enum RetryAfter {
    /// The longest delay a `Retry-After` is read as (seconds): one day. A longer value comes
    /// from a proxy, a CDN or a bug, not from a rate limit worth honouring to the letter, and
    /// every caller caps the delay further (the retry cap, the fleet's pause cap). Clamping here
    /// keeps any later arithmetic (µs, ms) far from overflow.
    static let longestSeconds = 86_400

    /// Parses delta-seconds ("120") or an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
    /// - Parameters:
    ///   - value: The header value.
    ///   - now: The current time in seconds since 1970, to turn a date into a delay.
    /// - Returns: The delay, clamped to `0...longestSeconds` (zero for a date already past; a
    ///   digit string of any length or a date in year 9999 gives the longest), or nil for
    ///   anything unreadable.
    static func parse(_ value: String, now: Int) -> Duration? {
        let trimmed = value.trimmingWhitespace()
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            let significant = trimmed.drop { $0 == "0" }
            // Seven digits are already past the cap; longer strings would overflow Int.
            guard significant.count <= 6, let seconds = Int(significant.isEmpty ? "0" : significant) else {
                return .seconds(longestSeconds)
            }
            return .seconds(min(seconds, longestSeconds))
        }
        guard let date = parseIMFFixdate(trimmed) else { return nil }
        let (delay, overflow) = date.subtractingReportingOverflow(now)
        if overflow { return now > 0 ? .zero : .seconds(longestSeconds) }
        return .seconds(min(max(0, delay), longestSeconds))
    }

    /// The wall-clock time in whole seconds since 1970.
    static func currentUnixTime() -> Int {
        time(nil)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays: Set<Substring> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Parses "Sun, 06 Nov 1994 08:49:37 GMT" into seconds since 1970.
    /// The obsolete RFC 850 and asctime forms are not accepted; servers have sent IMF-fixdate for decades.
    static func parseIMFFixdate(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","),
            weekdays.contains(parts[0].dropLast()), parts[5] == "GMT",
            parts[1].count == 2, let day = Int(parts[1]),
            let monthIndex = months.firstIndex(of: String(parts[2])),
            parts[3].count == 4, let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysSinceEpoch(year: year, month: monthIndex + 1, day: day)
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
