import Glibc

/// Log timestamps: RFC 3339 UTC with milliseconds (`2026-12-02T08:15:30.123Z`), as JSON text.
enum LogTimestamp {
    /// Appends the quoted timestamp (26 bytes), formatted by hand straight into the line (no
    /// `strftime`, no allocation) because every log line needs one.
    static func appendNow(to text: inout [UInt8]) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        append(seconds: spec.tv_sec, milliseconds: Int(spec.tv_nsec / 1_000_000), to: &text)
    }

    /// Appends the quoted timestamp for `seconds` since the epoch plus `milliseconds` (0...999).
    static func append(seconds: time_t, milliseconds: Int, to text: inout [UInt8]) {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var value = max(0, value)
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                value %= divisor
                divisor /= 10
            }
        }
        text.append(UInt8(ascii: "\""))
        digits(Int(parts.tm_year) + 1900, 4)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        text.append(UInt8(ascii: "."))
        digits(milliseconds, 3)
        text.append(UInt8(ascii: "Z"))
        text.append(UInt8(ascii: "\""))
    }
}
