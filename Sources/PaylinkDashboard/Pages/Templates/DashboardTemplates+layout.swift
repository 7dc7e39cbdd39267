extension DashboardTemplates {
    /// The frame every signed-in page fills (`{{<layout}}` with blocks `title` and `content`):
    /// the top bar, the read-only banner, the flash box and the confirmation dialog the script
    /// uses. `chrome` is the page's `PageChrome`.
    static let layout = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="{{chrome.csrfToken}}">
        <title>{{$title}}Dashboard{{/title}} · paylink</title>
        <link rel="stylesheet" href="/assets/dashboard.css">
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
        <script src="/assets/dashboard.js" defer></script>
        </head>
        <body data-refresh="{{chrome.refreshSeconds}}" data-now="{{chrome.nowMs}}">
        <header class="topbar">
          <a class="brand" href="/">paylink</a>
          <nav>{{#chrome.nav}}<a href="{{href}}"{{#current}} class="current" aria-current="page"{{/current}}>{{label}}</a>{{/chrome.nav}}</nav>
          <div class="who">
            <span id="refreshed" class="muted"></span>
            <span data-user>{{chrome.userName}}</span><span class="role" data-role>{{chrome.role}}</span>
            {{#chrome.canSignOut}}<form class="inline" method="post" action="/logout" id="sign-out"><input type="hidden" name="csrfToken" value="{{chrome.csrfToken}}"><button type="submit">Sign out</button></form>{{/chrome.canSignOut}}
          </div>
        </header>
        {{#chrome.readOnly}}<div class="banner">This dashboard runs read-only: it shows everything and changes nothing.</div>{{/chrome.readOnly}}
        {{#chrome.viewerOnly}}<div class="banner">Signed in as a viewer: actions need the admin role.</div>{{/chrome.viewerOnly}}
        <main>
        {{$content}}{{/content}}
        </main>
        <div id="flash" role="status" aria-live="polite"></div>
        <dialog id="confirm">
          <form method="dialog">
            <h2></h2>
            <p></p>
            <ul></ul>
            <div class="actions">
              <button class="btn" value="no" data-answer="no">Cancel</button>
              <button class="btn primary" value="yes" data-answer="yes">Confirm</button>
            </div>
          </form>
        </dialog>
        </body>
        </html>
        """#
}
