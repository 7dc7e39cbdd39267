/// Who is looking at a page, as far as the page cares: what to show in the top bar, and whether
/// to show action buttons at all (the API checks again on every action).
struct PageViewer: Sendable {
    var name: String
    var role: String
    /// The session's CSRF token, which the script sends as `X-CSRF-Token` with every action.
    var csrfToken: String
    /// An admin on a dashboard that is not `--read-only`.
    var canAct: Bool
    var readOnly: Bool
    /// Signed in with a password (so there is a session to end), not the open loopback session.
    var canSignOut: Bool
}

/// What every signed-in page shows around its content (the `layout` template's `chrome`).
struct PageChrome: Sendable {
    /// The top bar's sections.
    enum Section: String, Sendable, CaseIterable {
        case overview, orders, dead, unknown, batches, queues

        var label: String {
            switch self {
            case .overview: "Overview"
            case .orders: "Orders"
            case .dead: "Dead"
            case .unknown: "Unknown"
            case .batches: "Batches"
            case .queues: "Queues"
            }
        }

        var path: String { self == .overview ? "/" : "/\(rawValue)" }
    }

    struct NavItem: Sendable {
        var href: String
        var label: String
        var current: Bool
    }

    var nav: [NavItem]
    var userName: String
    var role: String
    var csrfToken: String
    var canSignOut: Bool
    var readOnly: Bool
    /// A viewer on a dashboard that would let an admin act: says why there are no buttons.
    var viewerOnly: Bool
    /// Seconds between live refreshes of the page's `data-live` regions; 0: none.
    var refreshSeconds: Int
    /// The server's (Redis's) clock when the page was made, for the ages the script shows.
    var nowMs: Int64

    /// - Parameters:
    ///   - section: the page's entry in the top bar.
    ///   - viewer: who asks.
    ///   - nowMs: Redis's clock, Unix ms.
    ///   - refreshSeconds: live refresh period; 0 for pages with a selection or a form.
    init(section: Section, viewer: PageViewer, nowMs: Int64, refreshSeconds: Int = 0) {
        nav = Section.allCases.map { NavItem(href: $0.path, label: $0.label, current: $0 == section) }
        userName = viewer.name
        role = viewer.role
        csrfToken = viewer.csrfToken
        canSignOut = viewer.canSignOut
        readOnly = viewer.readOnly
        viewerOnly = !viewer.readOnly && !viewer.canAct
        self.refreshSeconds = refreshSeconds
        self.nowMs = nowMs
    }
}
