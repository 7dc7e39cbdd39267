import Mustache
import Testing
@testable import PaylinkDashboard

/// Text from Redis (order ids, error messages, elements), a query, a sign-in form or a pause
/// reason reaches the HTML escaped, on every page that shows it.
struct PageEscapingTests {
    static let hostile = #"<img src=x onerror="alert(1)">'&"#
    static let escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;"

    private func render(_ page: Any, _ template: String) throws -> String {
        try #require(try DashboardTemplates.library().render(page, withTemplate: template))
    }

    @Test(arguments: SamplePages.all(hostile).keys.sorted())
    func everyPageEscapesHostileText(_ template: String) throws {
        let html = try render(try #require(SamplePages.all(Self.hostile)[template]), template)
        #expect(!html.contains("<img"), "markup from a value in \(template)")
        #expect(!html.contains(#"onerror=""#), "a value closed an attribute in \(template)")
        #expect(html.contains(Self.escaped), "the value is not shown escaped in \(template)")
    }

    @Test func anOrderIdCannotCloseTheElementItStandsIn() throws {
        let id = "</td></tr><script>alert(1)</script>"
        for (template, page) in [("order", SamplePages.order(id) as Any), ("dead", SamplePages.dead(id)), ("unknown", SamplePages.unknown(id))] {
            let html = try render(page, template)
            #expect(!html.contains("<script>alert"), "script from an order id in \(template)")
            #expect(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "\(template)")
        }
    }

    @Test func aViewerGetsNoActionForms() throws {
        let viewer = SamplePages.viewer("ops", canAct: false)
        let row = QueuesPage.Row(name: "default", shards: "1", pending: "0", paused: true, pauseReason: "", pausedBy: nil, pausedAtMs: nil, pausedAt: "")
        let html = try render(QueuesPage(chrome: PageChrome(section: .queues, viewer: viewer, nowMs: 1), hasQueues: true, queues: [row], canAct: false), "queues")
        #expect(!html.contains("data-action"))
        #expect(html.contains("actions need the admin role"))
    }
}
