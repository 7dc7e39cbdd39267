import Testing
@testable import PaylinkDashboard

/// The templates as text: they parse, and none can write a value unescaped or carry markup the
/// pages' Content-Security-Policy would block (inline script, inline style, event handlers).
struct DashboardTemplatesTests {
    @Test func everyTemplateParses() throws {
        let library = try DashboardTemplates.library()
        for name in DashboardTemplates.all.keys {
            #expect(library.getTemplate(named: name) != nil, "template \(name)")
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
