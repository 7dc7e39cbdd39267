extension DashboardTemplates {
    /// `/orders?q=`: the search box; an exact orderId opens its page, a prefix lists matches.
    static let orderSearch = #"""
        {{<layout}}
        {{$title}}Orders{{/title}}
        {{$content}}
        <h1>Order lookup</h1>
        <section class="card">
          <form method="get" action="/orders" class="toolbar" id="order-search">
            <label class="field">orderId or prefix
              <input type="search" name="q" value="{{query}}" placeholder="A-1001, or A-10 for every A-10…" autofocus required maxlength="64"></label>
            {{#hasQueueChoice}}<label class="field">queue
              <select name="queue">{{#queueChoices}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/queueChoices}}</select></label>{{/hasQueueChoice}}
            <button class="btn primary" type="submit">Search</button>
          </form>
          {{#searched}}
            {{#hasMatches}}
            <table id="matches">
              <thead><tr><th>Order</th><th>Queue</th><th>Status</th><th>Updated</th></tr></thead>
              <tbody>
              {{#matches}}<tr data-order="{{orderId}}"><td class="mono"><a href="{{href}}">{{orderId}}</a></td><td>{{queue}}</td>
                <td><span class="badge st-{{status}}">{{status}}</span></td><td>{{#updatedAtMs}}<time data-ms="{{.}}">{{updatedAt}}</time>{{/updatedAtMs}}</td></tr>{{/matches}}
              </tbody>
            </table>
            {{#truncated}}<p class="muted">Only the first {{limit}} matches are shown: type more of the orderId.</p>{{/truncated}}
            {{/hasMatches}}
            {{^matches}}<p class="empty" id="no-match">No order matches “<span class="mono">{{query}}</span>”.</p>{{/matches}}
          {{/searched}}
          {{#problem}}<p class="error">{{.}}</p>{{/problem}}
        </section>
        {{/content}}
        {{/layout}}
        """#

    /// `/orders/<orderId>?queue=`: every field of the result hash, the flags that mean "a link
    /// may exist twice" highlighted, the dead entry or parked element raw, and the actions.
    static let order = #"""
        {{<layout}}
        {{$title}}{{orderId}}{{/title}}
        {{$content}}
        <div class="row"><h1 class="mono" id="order-id">{{orderId}}</h1>
          {{#status}}<span class="badge st-{{status}}" id="order-status">{{status}}</span>{{/status}}
          {{#flags}}<span class="badge flag">{{.}}</span>{{/flags}}
          <span class="spacer"></span><span class="muted">queue {{queue}}</span></div>
        {{#notFound}}<section class="card"><p class="empty" id="not-found">No result for this orderId in queue {{queue}}: not taken by a worker yet, never pushed, or trimmed by retention.</p></section>{{/notFound}}
        {{#possibleDuplicate}}<div class="notice" id="duplicate-notice">More than one call may have created a payment link for this order.
          Before relying on it being payable once, check paymentId and every otherPaymentIds entry with OTT Pay and void the extra links
          (see the contract's “Possible duplicates”).</div>{{/possibleDuplicate}}
        {{#hasFields}}
        <section class="card">
          <h2>Result <span class="sub">every field of paylink:{…}:result:{{orderId}}</span></h2>
          <table class="fields" id="fields"><tbody>
          {{#fields}}<tr data-field="{{name}}"{{#flagged}} class="flagged"{{/flagged}}><th>{{name}}</th><td>{{#timeMs}}<time data-ms="{{.}}">{{value}}</time>{{/timeMs}}{{^timeMs}}{{#link}}<a href="{{link}}">{{value}}</a>{{/link}}{{^link}}{{value}}{{/link}}{{/timeMs}}</td></tr>{{/fields}}
          </tbody></table>
        </section>
        {{/hasFields}}
        {{#dead}}
        <section class="card" id="dead-entry">
          <h2>Dead entry <span class="sub">since <time data-ms="{{deadAtMs}}">{{deadAt}}</time></span></h2>
          <div class="figures">
            <div class="figure"><div class="n">{{attempts}}</div><div class="l">attempts</div></div>
            <div class="figure"><div class="n mono">{{errorCode}}</div><div class="l">error code</div></div>
            {{#mayHaveLink}}<div class="figure"><div class="n warn">yes</div><div class="l">a link may exist</div></div>{{/mayHaveLink}}
          </div>
          <p>{{reason}}{{#errorMessage}} — {{.}}{{/errorMessage}}</p>
          <h2>Element <span class="sub">as pushed, byte for byte</span></h2>
          <pre class="raw" id="raw-element">{{element}}</pre>
        </section>
        {{/dead}}
        {{#unknownElement}}
        <section class="card" id="unknown-entry">
          <h2>Parked element <span class="sub">an earlier call may have created a link: look it up at OTT Pay, then resolve</span></h2>
          <pre class="raw" id="raw-element">{{.}}</pre>
        </section>
        {{/unknownElement}}
        {{#hasActions}}
        <section class="card row" id="order-actions">
          {{#dead}}
          <form class="inline" data-action="/api/actions/dead/retry" data-label="Retry {{orderId}}" data-confirm="Push {{orderId}} back onto its queue with its attempts reset?">
            <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{id}}">
            <button class="btn primary" type="submit" data-act="retry">Retry</button></form>
          <form class="inline" data-action="/api/actions/dead/purge" data-label="Purge {{orderId}}" data-danger="true" data-confirm="Delete the dead entry of {{orderId}}? Its result stays.">
            <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{id}}">
            <button class="btn danger" type="submit" data-act="purge">Purge</button></form>
          {{/dead}}
          {{#unknownElement}}
          <form class="inline" data-action="/api/actions/unknown/resolve" data-label="Send {{orderId}} again" data-danger="true" data-confirm="Send {{orderId}} again? If the earlier call created a link, this makes a second one (flagged possibleDuplicate).">
            <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{orderId}}"><input type="hidden" name="resolution" value="retry">
            <button class="btn primary" type="submit" data-act="resolve-retry">Resolve: retry</button></form>
          <form class="inline" data-action="/api/actions/unknown/resolve" data-label="Fail {{orderId}}" data-confirm="Mark {{orderId}} failed? Do this when OTT Pay has no link for it.">
            <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{orderId}}"><input type="hidden" name="resolution" value="fail">
            <button class="btn danger" type="submit" data-act="resolve-fail">Resolve: fail</button></form>
          {{/unknownElement}}
        </section>
        {{/hasActions}}
        {{/content}}
        {{/layout}}
        """#
}
