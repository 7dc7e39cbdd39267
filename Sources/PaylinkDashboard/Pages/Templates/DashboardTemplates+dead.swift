extension DashboardTemplates {
    /// The filter bar shared by the dead and unknown lists: queue, error code, batch.
    static let listFilters = #"""
        <form method="get" class="toolbar" id="filters">
          {{#hasQueueChoice}}<label class="field">queue
            <select name="queue">{{#queueChoices}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/queueChoices}}</select></label>{{/hasQueueChoice}}
          {{^hasQueueChoice}}<input type="hidden" name="queue" value="{{queue}}">{{/hasQueueChoice}}
          <label class="field">error code
            <select name="errorCode"><option value="">any</option>{{#errorCodes}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/errorCodes}}</select></label>
          <label class="field">batch <input type="text" name="batch" value="{{batch}}" maxlength="64" placeholder="any"></label>
          <button class="btn" type="submit">Filter</button>
          {{#filtered}}<a class="btn" href="?queue={{queueQuery}}">Clear</a>{{/filtered}}
        </form>
        """#

    /// Older / newer links under a paged list.
    static let pager = #"""
        <div class="pager">
          <span class="muted" data-field="range">{{range}}</span>
          {{#newerHref}}<a class="btn small" href="{{.}}">← newer</a>{{/newerHref}}
          {{#olderHref}}<a class="btn small" href="{{.}}">older →</a>{{/olderHref}}
        </div>
        """#

    /// `/dead`: the dead list, newest first, with retry and purge per order and for a selection.
    static let dead = #"""
        {{<layout}}
        {{$title}}Dead orders{{/title}}
        {{$content}}
        <div class="row"><h1>Dead orders <span class="sub">queue {{queue}} · {{total}} in the dead list</span></h1></div>
        <section class="card">
          {{>listFilters}}
          {{#canAct}}{{#hasEntries}}
          <div class="row" id="bulk">
            <span class="muted"><b data-selected-count="dead">0</b> selected</span>
            <form class="inline" data-action="/api/actions/dead/retry" data-selection="dead" data-label="Retry the selected orders"
              data-confirm="Push the selected orders back onto {{queue}} with their attempts reset?">
              <input type="hidden" name="queue" value="{{queue}}"><button class="btn primary" type="submit" data-act="retry-selected">Retry selected</button></form>
            <form class="inline" data-action="/api/actions/dead/purge" data-selection="dead" data-label="Purge the selected entries" data-danger="true"
              data-confirm="Delete the selected dead entries? Their results stay.">
              <input type="hidden" name="queue" value="{{queue}}"><button class="btn danger" type="submit" data-act="purge-selected">Purge selected</button></form>
          </div>
          {{/hasEntries}}{{/canAct}}
          {{#hasEntries}}
          <table id="dead-list">
            <thead><tr>{{#canAct}}<th class="check"><input type="checkbox" data-select-all="dead" aria-label="select all"></th>{{/canAct}}
              <th>Died</th><th>Order</th><th>Reason</th><th>Error</th><th class="num">Attempts</th><th>Batch</th><th></th>{{#canAct}}<th></th>{{/canAct}}</tr></thead>
            <tbody>
            {{#entries}}
              <tr data-id="{{id}}"{{#mayHaveLink}} class="flagged"{{/mayHaveLink}}>
                {{#canAct}}<td class="check"><input type="checkbox" data-select-item="dead" value="{{id}}" aria-label="select {{id}}"></td>{{/canAct}}
                <td><time data-ms="{{deadAtMs}}" data-ago="only">{{deadAt}}</time></td>
                <td class="order">{{#href}}<a class="mono" href="{{href}}">{{orderId}}</a>{{/href}}{{^href}}<span class="mono muted">{{id}}</span><br><code class="mono" data-field="element">{{elementPreview}}</code>{{/href}}</td>
                <td class="reason">{{reason}}{{#errorMessage}}<br><span class="muted">{{.}}</span>{{/errorMessage}}</td>
                <td><span class="badge st-failed mono">{{errorCode}}</span></td>
                <td class="num">{{attempts}}</td>
                <td>{{#batchId}}<a href="/batches/{{.}}">{{.}}</a>{{/batchId}}</td>
                <td>{{#mayHaveLink}}<span class="badge flag" title="its last call may have created a payment link">link may exist</span>{{/mayHaveLink}}</td>
                {{#canAct}}<td class="acts">
                  <form class="inline" data-action="/api/actions/dead/retry" data-label="Retry {{id}}" data-confirm="Push {{id}} back onto {{queue}} with its attempts reset?">
                    <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{id}}">
                    <button class="btn small primary" type="submit" data-act="retry">Retry</button></form>
                  <form class="inline" data-action="/api/actions/dead/purge" data-label="Purge {{id}}" data-danger="true" data-confirm="Delete the dead entry {{id}}? Its result stays.">
                    <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{id}}">
                    <button class="btn small danger" type="submit" data-act="purge">Purge</button></form>
                </td>{{/canAct}}
              </tr>
            {{/entries}}
            </tbody>
          </table>
          {{>pager}}
          {{/hasEntries}}
          {{^hasEntries}}<p class="empty" id="no-entries">{{#filtered}}No dead order matches the filter.{{/filtered}}{{^filtered}}The dead list is empty.{{/filtered}}</p>{{/hasEntries}}
        </section>
        {{/content}}
        {{/layout}}
        """#

    /// `/unknown`: orders parked by `--ambiguous park`, resolved retry or fail.
    static let unknown = #"""
        {{<layout}}
        {{$title}}Unknown orders{{/title}}
        {{$content}}
        <div class="row"><h1>Unknown orders <span class="sub">queue {{queue}} · {{total}} parked</span></h1></div>
        <section class="card">
          <p class="muted">Each of these orders had a call whose outcome is unknown: a link may exist. Look it up at OTT Pay first;
            resolve <b>fail</b> when there is none (or void it), <b>retry</b> to send it again (flagged possibleDuplicate).</p>
          {{>listFilters}}
          {{#canAct}}{{#hasEntries}}
          <div class="row" id="bulk">
            <span class="muted"><b data-selected-count="unknown">0</b> selected</span>
            <form class="inline" data-action="/api/actions/unknown/resolve" data-selection="unknown" data-label="Send the selected orders again" data-danger="true"
              data-confirm="Send the selected orders again? Any of them may already have a link.">
              <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="resolution" value="retry">
              <button class="btn primary" type="submit" data-act="resolve-retry-selected">Resolve selected: retry</button></form>
            <form class="inline" data-action="/api/actions/unknown/resolve" data-selection="unknown" data-label="Fail the selected orders"
              data-confirm="Mark the selected orders failed?">
              <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="resolution" value="fail">
              <button class="btn danger" type="submit" data-act="resolve-fail-selected">Resolve selected: fail</button></form>
          </div>
          {{/hasEntries}}{{/canAct}}
          {{#hasEntries}}
          <table id="unknown-list">
            <thead><tr>{{#canAct}}<th class="check"><input type="checkbox" data-select-all="unknown" aria-label="select all"></th>{{/canAct}}
              <th>Parked</th><th>Order</th><th>Error</th><th class="num">Attempts</th><th>Batch</th>{{#canAct}}<th></th>{{/canAct}}</tr></thead>
            <tbody>
            {{#entries}}
              <tr data-id="{{orderId}}">
                {{#canAct}}<td class="check"><input type="checkbox" data-select-item="unknown" value="{{orderId}}" aria-label="select {{orderId}}"></td>{{/canAct}}
                <td><time data-ms="{{parkedAtMs}}" data-ago="only">{{parkedAt}}</time></td>
                <td><a class="mono" href="{{href}}">{{orderId}}</a></td>
                <td><span class="badge st-unknown mono">{{errorCode}}</span>{{#errorMessage}}<br><span class="muted">{{.}}</span>{{/errorMessage}}</td>
                <td class="num">{{attempts}}</td>
                <td>{{#batchId}}<a href="/batches/{{.}}">{{.}}</a>{{/batchId}}</td>
                {{#canAct}}<td class="acts">
                  <form class="inline" data-action="/api/actions/unknown/resolve" data-label="Send {{orderId}} again" data-danger="true"
                    data-confirm="Send {{orderId}} again? If the earlier call created a link, this makes a second one (flagged possibleDuplicate).">
                    <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{orderId}}"><input type="hidden" name="resolution" value="retry">
                    <button class="btn small primary" type="submit" data-act="resolve-retry">Retry</button></form>
                  <form class="inline" data-action="/api/actions/unknown/resolve" data-label="Fail {{orderId}}" data-confirm="Mark {{orderId}} failed?">
                    <input type="hidden" name="queue" value="{{queue}}"><input type="hidden" name="ids" value="{{orderId}}"><input type="hidden" name="resolution" value="fail">
                    <button class="btn small danger" type="submit" data-act="resolve-fail">Fail</button></form>
                </td>{{/canAct}}
              </tr>
            {{/entries}}
            </tbody>
          </table>
          {{>pager}}
          {{/hasEntries}}
          {{^hasEntries}}<p class="empty" id="no-entries">{{#filtered}}No parked order matches the filter.{{/filtered}}{{^filtered}}No order is parked.{{/filtered}}</p>{{/hasEntries}}
        </section>
        {{/content}}
        {{/layout}}
        """#
}
