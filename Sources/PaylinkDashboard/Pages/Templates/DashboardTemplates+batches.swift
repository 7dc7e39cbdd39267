extension DashboardTemplates {
    /// A batch's progress bar: an SVG with one segment per final status, in percent of `total`
    /// (SVG attributes, not inline styles, so the pages' Content-Security-Policy can forbid those).
    static let progress = #"""
        <svg class="progress" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{{progress.title}}">
          <title>{{progress.title}}</title>
          <rect class="p-track" x="0" y="0" width="100" height="10"/>
          {{#progress.segments}}<rect class="p-{{status}}" x="{{x}}" y="0" width="{{width}}" height="10"/>{{/progress.segments}}
        </svg>
        """#

    /// `/batches`: every batch of a queue, newest first, with its figures and progress.
    static let batches = #"""
        {{<layout}}
        {{$title}}Batches{{/title}}
        {{$content}}
        <div class="row"><h1>Batches <span class="sub">queue {{queue}}</span></h1><span class="spacer"></span>
          <div class="legend"><span><i class="k-succeeded"></i>succeeded</span><span><i class="k-failed"></i>failed</span>
            <span><i class="k-invalid"></i>invalid</span><span><i class="k-unknown"></i>unknown</span></div></div>
        <section class="card" id="batches-card" data-live>
          {{#hasBatches}}
          <table id="batches">
            <thead><tr><th>Batch</th><th>Created</th><th class="w-progress">Progress</th><th class="num">Total</th><th class="num">Succeeded</th>
              <th class="num">Failed</th><th class="num">Invalid</th><th class="num">Unknown</th><th class="num">Pending</th><th>Finished</th></tr></thead>
            <tbody>
            {{#batches}}
              <tr data-batch="{{id}}">
                <td><a class="mono" href="{{href}}">{{id}}</a></td>
                <td><time data-ms="{{createdAtMs}}" data-ago="only">{{createdAt}}</time></td>
                <td>{{>progress}}</td>
                <td class="num" data-field="total">{{total}}</td><td class="num" data-field="succeeded">{{succeeded}}</td>
                <td class="num{{#failedZero}} zero{{/failedZero}}" data-field="failed">{{failed}}</td>
                <td class="num{{#invalidZero}} zero{{/invalidZero}}" data-field="invalid">{{invalid}}</td>
                <td class="num{{#unknownZero}} zero{{/unknownZero}}" data-field="unknown">{{unknown}}</td>
                <td class="num{{#pendingZero}} zero{{/pendingZero}}" data-field="pending">{{pending}}</td>
                <td>{{#finishedAtMs}}<span class="badge st-succeeded">done</span> <time data-ms="{{.}}" data-ago="only">{{finishedAt}}</time>{{/finishedAtMs}}{{^finishedAtMs}}<span class="badge st-sending">open</span>{{/finishedAtMs}}</td>
              </tr>
            {{/batches}}
            </tbody>
          </table>
          {{>pager}}
          {{/hasBatches}}
          {{^hasBatches}}<p class="empty">No batch in queue {{queue}} (paylink enqueue --batch &lt;id&gt; makes one).</p>{{/hasBatches}}
        </section>
        {{/content}}
        {{/layout}}
        """#

    /// `/batches/<id>`: one batch's figures, its failed and unknown orders, the CSV export.
    static let batch = #"""
        {{<layout}}
        {{$title}}Batch {{id}}{{/title}}
        {{$content}}
        <div class="row"><h1>Batch <span class="mono" id="batch-id">{{id}}</span></h1>
          {{#finishedAtMs}}<span class="badge st-succeeded">finished</span>{{/finishedAtMs}}{{^finishedAtMs}}<span class="badge st-sending">open</span>{{/finishedAtMs}}
          <span class="spacer"></span><span class="muted">queue {{queue}}</span>
          <a class="btn" href="{{exportHref}}" id="export" download>Export CSV</a></div>
        {{#notFound}}<section class="card"><p class="empty">No batch {{id}} in queue {{queue}}: never registered, or expired.</p></section>{{/notFound}}
        {{^notFound}}
        <section class="card" id="batch-card" data-live>
          <div class="figures">
            <div class="figure"><div class="n" data-field="total">{{total}}</div><div class="l">orders</div></div>
            <div class="figure"><div class="n c-ok" data-field="succeeded">{{succeeded}}</div><div class="l">succeeded</div></div>
            <div class="figure"><div class="n c-bad" data-field="failed">{{failed}}</div><div class="l">failed</div></div>
            <div class="figure"><div class="n c-warn" data-field="invalid">{{invalid}}</div><div class="l">invalid</div></div>
            <div class="figure"><div class="n c-odd" data-field="unknown">{{unknown}}</div><div class="l">unknown</div></div>
            <div class="figure"><div class="n" data-field="pending">{{pending}}</div><div class="l">pending</div></div>
            <div class="figure"><div class="n">{{percentDone}}%</div><div class="l">final</div></div>
          </div>
          {{>progress}}
          <p class="muted">Created <time data-ms="{{createdAtMs}}">{{createdAt}}</time>{{#finishedAtMs}} · finished <time data-ms="{{.}}">{{finishedAt}}</time>{{/finishedAtMs}}</p>
        </section>
        <section class="card">
          <h2>Orders that did not succeed <span class="sub">failed, invalid and unknown; first {{problemLimit}}</span></h2>
          {{#hasProblems}}
          <table id="batch-problems">
            <thead><tr><th>Order</th><th>Status</th><th>Error</th><th class="num">Attempts</th><th></th></tr></thead>
            <tbody>
            {{#problems}}<tr data-order="{{orderId}}"><td><a class="mono" href="{{href}}">{{orderId}}</a></td><td><span class="badge st-{{status}}">{{status}}</span></td>
              <td><span class="mono">{{errorCode}}</span>{{#errorMessage}} <span class="muted">{{.}}</span>{{/errorMessage}}</td><td class="num">{{attempts}}</td>
              <td>{{#possibleDuplicate}}<span class="badge flag">possible duplicate</span>{{/possibleDuplicate}}</td></tr>{{/problems}}
            </tbody>
          </table>
          {{/hasProblems}}
          {{^hasProblems}}<p class="empty">None so far.</p>{{/hasProblems}}
        </section>
        {{/notFound}}
        {{/content}}
        {{/layout}}
        """#
}
