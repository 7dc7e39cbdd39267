import Foundation
import Mustache
import Testing
@testable import PaylinkDashboard

/// Every template parses and renders its page's values, and none can write a value unescaped or
/// carry markup the pages' Content-Security-Policy would block (inline script, inline style,
/// event handlers).
struct DashboardTemplatesTests {
    /// Templates only other templates include; every other one is a page with a sample.
    static let partials: Set<String> = ["layout", "listFilters", "pager", "progress"]

    @Test func everyTemplateParses() throws {
        let library = try DashboardTemplates.library()
        for name in DashboardTemplates.all.keys {
            #expect(library.getTemplate(named: name) != nil, "template \(name)")
        }
    }

    @Test func everyPageTemplateHasASamplePage() {
        #expect(Set(SamplePages.all("x").keys) == Set(DashboardTemplates.all.keys).subtracting(Self.partials))
    }

    @Test(arguments: SamplePages.all("x").keys.sorted())
    func everyPageRendersItsValues(_ template: String) throws {
        let name = "sample-\(template)-value"
        let page = try #require(SamplePages.all(name)[template])
        let html = try #require(try DashboardTemplates.library().render(page, withTemplate: template))
        #expect(html.hasPrefix("<!doctype html>"), "\(template) is not a whole page")
        #expect(html.contains("</html>"), "\(template) is cut short")
        #expect(html.contains(name), "\(template) does not show its values")
        #expect(!html.contains("{{"), "\(template) left a tag unrendered")
        #expect(html.contains(#"<link rel="stylesheet" href="/assets/"#), "\(template) has no style sheet")
    }

    /// HTML escaping keeps markup out of an href but not `&` or `#` out of its query: a queue
    /// named `eu&x#1` must link to its own lists, not to queue `eu`.
    @Test func queueLinksCarryTheWholeQueueName() throws {
        let library = try DashboardTemplates.library()
        let overview = try #require(library.render(SamplePages.overview("eu&x#1"), withTemplate: "overview"))
        #expect(overview.contains("href=\"/dead?queue=eu%26x%231\""), "\(overview)")
        #expect(overview.contains("href=\"/unknown?queue=eu%26x%231\""))
        #expect(overview.contains("href=\"/queues#eu%26x%231\""))
        let dead = try #require(library.render(SamplePages.dead("eu&x#1"), withTemplate: "dead"))
        #expect(dead.contains("href=\"?queue=eu%26x%231\""), "\(dead)")
    }

    @Test func batchPagesShowTheirCounts() throws {
        let library = try DashboardTemplates.library()
        for (template, page) in [("batch", SamplePages.batch("b-1") as Any), ("batches", SamplePages.batches("b-1"))] {
            let html = try #require(library.render(page, withTemplate: template))
            for count in ["10", "6"] {
                #expect(html.contains(">\(count)<"), "\(template) lacks the count \(count)")
            }
            #expect(html.contains(SamplePages.progress.title), "\(template) lacks the progress bar's title")
        }
    }

    @Test(arguments: Array(DashboardTemplates.all.keys).sorted())
    func noTemplateWritesAValueUnescaped(_ name: String) throws {
        let text = try #require(DashboardTemplates.all[name])
        #expect(!text.contains("{{{"), "triple mustache in \(name)")
        #expect(!text.contains("{{&"), "{{& in \(name)")
        #expect(!text.contains("{{="), "delimiter change in \(name)")
    }

    @Test(arguments: Array(DashboardTemplates.all.keys).sorted())
    func noTemplateHasInlineScriptOrStyle(_ name: String) throws {
        let text = try #require(DashboardTemplates.all[name]).lowercased()
        #expect(!text.contains(" style="), "inline style in \(name)")
        #expect(!text.contains("<style"), "style element in \(name)")
        #expect(!text.contains("javascript:"), "javascript: URL in \(name)")
        for attribute in ["onclick=", "onload=", "onerror=", "onsubmit=", "onchange=", "oninput="] {
            #expect(!text.contains(attribute), "\(attribute) in \(name)")
        }
        var rest = Substring(text)
        while let open = rest.range(of: "<script") {
            let tag = rest[open.lowerBound...].prefix { $0 != ">" }
            #expect(tag.contains(" src="), "inline script in \(name): \(tag)")
            rest = rest[open.upperBound...]
        }
    }

    @Test func everyAssetTheTemplatesNameExists() throws {
        for text in DashboardTemplates.all.values {
            var rest = Substring(text)
            while let found = rest.range(of: "/assets/") {
                let name = rest[found.upperBound...].prefix { $0 != "\"" }
                #expect(DashboardAssets.all[String(name)] != nil, "missing asset \(name)")
                rest = rest[found.upperBound...]
            }
        }
    }
}
