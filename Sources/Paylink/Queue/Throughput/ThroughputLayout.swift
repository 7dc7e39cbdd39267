/// The layout of a queue's throughput hashes (`QueueKeys.throughputMinutes`, `throughputDays`):
/// the one place their field names and windows are spelled, for the scripts that write them
/// (`LuaSnippets.countOutcomes`) and the reader (`ThroughputSeries`).
///
/// A field is `<bucket start, Unix ms of Redis's clock>:<outcome>` → a count; the field `latest`
/// holds the newest bucket start written. The writers keep only the buckets of the last
/// `minutesKept` minutes (`daysKept` days) counted back from `latest`: whenever a script creates
/// a bucket past `latest`, it deletes the buckets that fell out (a fixed number of names, never a
/// scan), so each hash holds at most `kept × outcomes + 1` fields.
public enum ThroughputLayout {
    /// Minutes the minute hash keeps: twice the dashboard's hour, so a reader of the last hour
    /// never meets a minute being trimmed.
    public static let minutesKept = 120
    /// UTC days the day hash keeps: the dashboard's 30 days and a margin.
    public static let daysKept = 40
    /// One minute, in ms.
    public static let minuteMilliseconds: Int64 = 60_000
    /// One UTC day, in ms (Unix time has no leap seconds).
    public static let dayMilliseconds: Int64 = 86_400_000
    /// The field holding the newest bucket start written.
    public static let latestField = "latest"
    /// Between a field's bucket start and its outcome.
    public static let separator = ":"

    /// The field counting `outcome` in the bucket starting at `start`.
    public static func field(start: Int64, outcome: ThroughputOutcome) -> String {
        "\(start)\(separator)\(outcome.rawValue)"
    }
}
