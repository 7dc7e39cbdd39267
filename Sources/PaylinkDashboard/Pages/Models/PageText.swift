import Paylink

/// How pages write numbers and times. Times go out as Unix ms for the script (which shows the
/// browser's local time and the age) and as UTC text for a browser without script.
enum PageText {
    /// `12,345`: digits grouped in threes, so depths read at a glance.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `2026-12-07 14:03:12 UTC`; an empty string for 0 or less (unset).
    static func utc(_ ms: Int64) -> String {
        guard ms > 0 else { return "" }
        let seconds = ms / 1000
        let (year, month, day) = UnixTime.civilDate(daysSinceEpoch: seconds / 86_400)
        let second = seconds % 86_400
        return "\(year)-\(two(month))-\(two(day)) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) UTC"
    }

    /// `4m 10s`, `3h 2m`, `2d 5h`: how long ago, to the unit that matters.
    static func age(_ ms: Int64) -> String {
        let s = max(0, ms / 1000)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(s % 60)s" }
        if s < 86_400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    /// `3.2`, `0.05`, `120`: a rate with the digits that matter.
    static func rate(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        if value >= 100 { return String(Int(value.rounded())) }
        if value >= 10 {
            // Tenths rounded from the value itself: 13.66 is 13.7, not 13.6 from truncated hundredths.
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Whole percent of `part` in `total`, 0...100 (0 for an empty total).
    static func percent(_ part: Int, of total: Int) -> Int {
        guard total > 0, part > 0 else { return 0 }
        return min(100, Int((Double(part) * 100 / Double(total)).rounded(.down)))
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

}

/// A count in a table cell: the number, its text, and whether to grey it out as zero.
struct Figure: Sendable {
    var value: Int
    var text: String
    var zero: Bool

    init(_ value: Int) {
        self.value = value
        text = PageText.count(value)
        zero = value == 0
    }
}
