/// The dashboard's static files (`/assets/<name>`): its stylesheet and its script.
///
/// They are Swift string constants compiled into the binary rather than SwiftPM resources:
/// `Bundle.module` looks for a `<package>_<target>.resources` directory next to the executable
/// and traps when it is missing, so a `paylink-dev` copied alone into a container image or
/// `/usr/local/bin` would crash on its first page. Constants cannot go missing, need no file
/// I/O on a request, and every asset ships with the code that refers to it. The templates are
/// embedded the same way (`DashboardTemplates`).
enum DashboardAssets {
    /// One asset: its body and what to answer in `Content-Type`.
    struct Asset: Sendable {
        var contentType: String
        var body: String
    }

    /// The assets by file name; anything else under `/assets/` is a 404.
    static let all: [String: Asset] = [
        "dashboard.css": Asset(contentType: "text/css; charset=utf-8", body: css),
        "dashboard.js": Asset(contentType: "text/javascript; charset=utf-8", body: js),
        "favicon.svg": Asset(contentType: "image/svg+xml", body: favicon),
    ]

    /// A small mark for the browser's tab, so it asks for no `/favicon.ico` from elsewhere.
    static let favicon = #"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f2933"/><path d="M4 12V4h4.5a2.5 2.5 0 0 1 0 5H4" fill="none" stroke="#2f9e55" stroke-width="2"/></svg>
        """#
}
