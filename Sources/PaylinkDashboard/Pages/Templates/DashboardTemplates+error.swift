extension DashboardTemplates {
    /// A page that could not be made: what failed, in words.
    static let error = #"""
        {{<layout}}
        {{$title}}{{title}}{{/title}}
        {{$content}}
        <h1>{{title}}</h1>
        <section class="card"><p class="error" id="error-message">{{message}}</p>
          <p class="muted">The page retries when you reload it.</p></section>
        {{/content}}
        {{/layout}}
        """#
}
