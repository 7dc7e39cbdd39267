/// Histogram buckets, chosen for what each histogram measures.
enum MetricBuckets {
    /// One HTTP call: OTT Pay answers in tens to hundreds of milliseconds; the client's timeout is 10 s.
    static let apiCall: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]
    /// Claim to stored result: a call plus a few Redis round trips, and a rate-limit wait.
    static let orderAttempt: [Duration] = apiCall + [.seconds(60), .seconds(300)]
    /// Enqueue to stored result: queueing time dominates, from milliseconds to an hour of backlog.
    static let orderLatency: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(4 * 3600),
    ]
    /// Waiting for a fleet rate-limit permit: zero when under the rate, up to a fleet pause.
    static let rateLimitWait: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]
}
