/// A progress bar's segments in percent of the batch's total (`progress` template).
struct BatchProgress: Sendable {
    struct Segment: Sendable {
        var status: String
        /// Where it starts and how wide it is, in percent (0...100, with two decimals).
        var x: String
        var width: String
    }

    var segments: [Segment]
    var title: String

    init(total: Int, succeeded: Int, failed: Int, invalid: Int, unknown: Int) {
        var segments: [Segment] = []
        var start = 0.0
        for (status, count) in [("succeeded", succeeded), ("failed", failed), ("invalid", invalid), ("unknown", unknown)] where count > 0 {
            let width = total > 0 ? min(100 - start, Double(count) * 100 / Double(total)) : 0
            guard width > 0 else { continue }
            segments.append(Segment(status: status, x: Self.decimal(start), width: Self.decimal(width)))
            start += width
        }
        self.segments = segments
        let final = succeeded + failed + invalid + unknown
        title = "\(PageText.count(final)) of \(PageText.count(total)) final: \(PageText.count(succeeded)) succeeded, "
            + "\(PageText.count(failed)) failed, \(PageText.count(invalid)) invalid, \(PageText.count(unknown)) unknown"
    }

    /// `12.34`: two decimals are finer than a pixel of any bar.
    private static func decimal(_ value: Double) -> String {
        let hundredths = Int((max(0, value) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// The batch list's values (`batches` template).
struct BatchListPage: Sendable {
    struct Row: Sendable {
        var id: String
        var href: String
        var createdAtMs: Int64
        var createdAt: String
        var progress: BatchProgress
        var total: String
        var succeeded: String
        var failed: String
        var invalid: String
        var unknown: String
        var pending: String
        var failedZero: Bool
        var invalidZero: Bool
        var unknownZero: Bool
        var pendingZero: Bool
        var finishedAtMs: Int64?
        var finishedAt: String
    }

    var chrome: PageChrome
    var queue: String
    var hasBatches: Bool
    var batches: [Row]
    var range: String
    var newerHref: String?
    var olderHref: String?
}

/// One batch's values (`batch` template).
struct BatchPage: Sendable {
    struct Problem: Sendable {
        var orderId: String
        var href: String
        var status: String
        var errorCode: String
        var errorMessage: String?
        var attempts: String
        var possibleDuplicate: Bool
    }

    var chrome: PageChrome
    var queue: String
    var id: String
    var notFound: Bool
    var exportHref: String
    var total: String
    var succeeded: String
    var failed: String
    var invalid: String
    var unknown: String
    var pending: String
    var percentDone: Int
    var progress: BatchProgress
    var createdAtMs: Int64
    var createdAt: String
    var finishedAtMs: Int64?
    var finishedAt: String
    var hasProblems: Bool
    var problems: [Problem]
    var problemLimit: Int
}

/// The queues page's values (`queues` template).
struct QueuesPage: Sendable {
    struct Row: Sendable {
        var name: String
        var shards: String
        var pending: String
        var paused: Bool
        var pauseReason: String
        var pausedBy: String?
        var pausedAtMs: Int64?
        var pausedAt: String
    }

    var chrome: PageChrome
    var hasQueues: Bool
    var queues: [Row]
    var canAct: Bool
}

/// The sign-in page's values (`login` template).
struct LoginPage: Sendable {
    /// Where to go after signing in: a path on this site (checked by the caller and the script).
    var next: String
    /// Why the last sign-in failed, nil when none did.
    var error: String?
}
