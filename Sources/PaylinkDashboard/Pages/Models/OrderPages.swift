/// The order lookup's values (`orderSearch` template).
struct OrderSearchPage: Sendable {
    struct Match: Sendable {
        var queue: String
        var orderId: String
        var status: String
        var href: String
        var updatedAtMs: Int64?
        var updatedAt: String
    }

    var chrome: PageChrome
    var query: String
    var hasQueueChoice: Bool
    var queueChoices: [Choice]
    var searched: Bool
    var hasMatches: Bool
    var matches: [Match]
    var truncated: Bool
    var limit: Int
    var problem: String?
}

/// One order's values (`order` template).
struct OrderPage: Sendable {
    /// One field of the result hash.
    struct Field: Sendable {
        var name: String
        var value: String
        /// A field that says a link may exist twice, or why the order failed.
        var flagged: Bool
        /// Set for the Unix-ms fields, which the script shows in local time.
        var timeMs: Int64?
        /// Where the value leads (the batch page), nil for plain text.
        var link: String?
    }

    /// The dead entry, shown raw.
    struct DeadEntry: Sendable {
        var id: String
        var reason: String
        var errorCode: String
        var errorMessage: String?
        var attempts: String
        var deadAtMs: Int64
        var deadAt: String
        var mayHaveLink: Bool
        var element: String
    }

    var chrome: PageChrome
    var queue: String
    var orderId: String
    var status: String?
    /// Badges beside the status: `possible duplicate`, `2 other links`, `outcome unsure`.
    var flags: [String]
    var possibleDuplicate: Bool
    var notFound: Bool
    var hasFields: Bool
    var fields: [Field]
    var dead: DeadEntry?
    var unknownElement: String?
    var canAct: Bool
    /// Something to act on (a dead entry or a parked element) and the right to.
    var hasActions: Bool
}

/// An entry of a `<select>`.
struct Choice: Sendable {
    var name: String
    var selected: Bool
}
