import Mustache

/// The dashboard's Mustache templates, compiled into the binary (see `DashboardAssets` for why
/// they are Swift constants rather than resource files), and the library that renders them.
///
/// Every value reaches the HTML through `{{name}}`, which escapes `< > & " '`; no template uses
/// `{{{name}}}` or `{{&name}}` (`DashboardTemplatesTests` checks), so text from Redis, a query
/// or a pause reason can never become markup.
enum DashboardTemplates {
    /// Name → template text; the names are what `{{<layout}}` and `{{>pager}}` refer to.
    static let all: [String: String] = [
        "layout": layout, "login": login, "overview": overview, "orderSearch": orderSearch, "order": order,
        "dead": dead, "unknown": unknown, "listFilters": listFilters, "pager": pager, "progress": progress,
        "batches": batches, "batch": batch, "queues": queues, "error": error,
    ]

    /// Parses every template once.
    /// - Throws: the parser's error naming the template, a programming error caught by the tests.
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in all {
            do {
                try library.register(text, named: name)
            } catch {
                throw DashboardTemplateError(template: name, underlying: "\(error)")
            }
        }
        return library
    }
}

/// A template that does not parse: only a change to this target can cause it.
struct DashboardTemplateError: Error, CustomStringConvertible {
    var template: String
    var underlying: String
    var description: String { "dashboard template \(template) does not parse: \(underlying)" }
}
