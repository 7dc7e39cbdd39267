extension DashboardTemplates {
    /// `/queues`: pause and resume each queue (every shard of it), with the pause's reason.
    static let queues = #"""
        {{<layout}}
        {{$title}}Queues{{/title}}
        {{$content}}
        <h1>Queues</h1>
        <section class="card" id="queues-card" data-live>
          <p class="muted">A paused queue keeps its orders: workers claim nothing from it, producers may still push, and orders in flight finish.</p>
          {{#hasQueues}}
          <table id="queue-states">
            <thead><tr><th>Queue</th><th>Shards</th><th class="num">Pending</th><th>State</th><th>Reason</th><th>Since</th>{{#canAct}}<th></th>{{/canAct}}</tr></thead>
            <tbody>
            {{#queues}}
              <tr data-queue="{{name}}" id="{{name}}">
                <td class="mono">{{name}}</td><td>{{shards}}</td><td class="num" data-field="pending">{{pending}}</td>
                <td data-field="state">{{#paused}}<span class="badge st-paused">paused</span>{{/paused}}{{^paused}}<span class="badge st-running">running</span>{{/paused}}</td>
                <td data-field="reason">{{#paused}}{{pauseReason}}{{#pausedBy}} <span class="muted">by {{.}}</span>{{/pausedBy}}{{/paused}}</td>
                <td>{{#pausedAtMs}}<time data-ms="{{.}}">{{pausedAt}}</time>{{/pausedAtMs}}</td>
                {{#canAct}}<td>
                  {{#paused}}<form class="inline" data-action="/api/actions/queue/resume" data-label="Resume {{name}}" data-confirm="Let the workers take orders from {{name}} again?">
                    <input type="hidden" name="queue" value="{{name}}"><button class="btn small primary" type="submit" data-act="resume">Resume</button></form>{{/paused}}
                  {{^paused}}<form class="inline row" data-action="/api/actions/queue/pause" data-label="Pause {{name}}" data-danger="true" data-confirm="Stop every worker taking orders from {{name}}?">
                    <input type="hidden" name="queue" value="{{name}}"><input type="text" name="reason" placeholder="reason (shown to everyone)" maxlength="200" required>
                    <button class="btn small danger" type="submit" data-act="pause">Pause</button></form>{{/paused}}
                </td>{{/canAct}}
              </tr>
            {{/queues}}
            </tbody>
          </table>
          {{/hasQueues}}
          {{^hasQueues}}<p class="empty">No queue yet.</p>{{/hasQueues}}
        </section>
        {{/content}}
        {{/layout}}
        """#

    /// `/login`: the sign-in form (no top bar: nothing is known yet).
    static let login = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · paylink</title>
        <link rel="stylesheet" href="/assets/dashboard.css">
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
        <script src="/assets/dashboard.js" defer></script>
        </head>
        <body>
        <header class="topbar"><span class="brand">paylink</span></header>
        <main>
          <section class="card login">
            <h1>Sign in</h1>
            <form id="login" method="post" action="/login">
              <input type="hidden" name="next" value="{{next}}">
              <label class="field">user <input type="text" name="username" autocomplete="username" required maxlength="64" autofocus></label>
              <label class="field">password <input type="password" name="password" autocomplete="current-password" required maxlength="1024"></label>
              <button class="btn primary" type="submit">Sign in</button>
              {{#error}}<p class="error" id="login-error" role="alert">{{.}}</p>{{/error}}
            </form>
          </section>
        </main>
        </body>
        </html>
        """#
}
