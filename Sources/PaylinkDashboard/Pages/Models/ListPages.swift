/// What the dead and unknown lists share: the queue, the filter bar and the pager.
struct ListFilter: Sendable {
    var queue: String
    var hasQueueChoice: Bool
    var queueChoices: [Choice]
    var errorCodes: [Choice]
    var batch: String
    var filtered: Bool
}

/// The dead and unknown lists' values (`dead`, `unknown` templates): the filter bar, one page
/// of entries, the pager. Only the entries differ.
struct ListPage<Entry: Sendable>: Sendable {
    var chrome: PageChrome
    var queue: String
    /// `queue` percent-encoded for a URL's query: a queue name may hold `&` or `#`.
    var queueQuery: String
    var hasQueueChoice: Bool
    var queueChoices: [Choice]
    var errorCodes: [Choice]
    var batch: String
    var filtered: Bool
    var total: String
    var hasEntries: Bool
    var entries: [Entry]
    var range: String
    var newerHref: String?
    var olderHref: String?
    var canAct: Bool
}

typealias DeadListPage = ListPage<DeadListEntry>
typealias UnknownListPage = ListPage<UnknownListEntry>

/// A dead list row.
struct DeadListEntry: Sendable {
    var id: String
    var orderId: String?
    /// The order's page; nil for a `job:` entry (no orderId), whose element is shown instead.
    var href: String?
    var elementPreview: String
    var deadAtMs: Int64
    var deadAt: String
    var reason: String
    var errorCode: String
    var errorMessage: String?
    var attempts: String
    var batchId: String?
    var mayHaveLink: Bool
}

/// An unknown list row.
struct UnknownListEntry: Sendable {
    var orderId: String
    var href: String
    var parkedAtMs: Int64
    var parkedAt: String
    var errorCode: String
    var errorMessage: String?
    var attempts: String
    var batchId: String?
}

/// A page that could not be made (`error` template).
struct ErrorPage: Sendable {
    var chrome: PageChrome
    var title: String
    var message: String
}
