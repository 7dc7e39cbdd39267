extension DashboardTemplates {
    /// `/`: every queue and shard with its depths and pause, the last hour and the last 30 days
    /// of outcomes as charts, and the live workers. Refreshed in place (`data-live`).
    static let overview = #"""
        {{<layout}}
        {{$title}}Overview{{/title}}
        {{$content}}
        <h1>Overview</h1>
        <section class="card" id="queues-card" data-live>
          <h2>Queues <span class="sub">depths now; a shard is a queue of its own</span></h2>
          <table id="queues">
            <thead><tr>
              <th>Queue</th><th class="num">Pending</th><th class="num">In flight</th><th class="num">Retrying</th>
              <th class="num">Dead</th><th class="num">Unknown</th><th class="num">Oldest pending</th><th>State</th>
            </tr></thead>
            <tbody>
            {{#queues}}
              <tr data-queue="{{name}}">
                <td>{{#isShard}}<span class="muted">└ </span>{{/isShard}}<a href="/queues#{{query}}">{{name}}</a></td>
                <td class="num{{#pending.zero}} zero{{/pending.zero}}" data-field="pending">{{pending.text}}</td>
                <td class="num{{#inflight.zero}} zero{{/inflight.zero}}" data-field="inflight">{{inflight.text}}</td>
                <td class="num{{#retrying.zero}} zero{{/retrying.zero}}" data-field="retrying">{{retrying.text}}</td>
                <td class="num{{#dead.zero}} zero{{/dead.zero}}" data-field="dead">{{^dead.zero}}<a class="alert" href="/dead?queue={{query}}">{{dead.text}}</a>{{/dead.zero}}{{#dead.zero}}0{{/dead.zero}}</td>
                <td class="num{{#unknown.zero}} zero{{/unknown.zero}}" data-field="unknown">{{^unknown.zero}}<a class="warn" href="/unknown?queue={{query}}">{{unknown.text}}</a>{{/unknown.zero}}{{#unknown.zero}}0{{/unknown.zero}}</td>
                <td class="num" data-field="oldest">{{#oldestAge}}{{.}}{{/oldestAge}}{{^oldestAge}}<span class="muted">—</span>{{/oldestAge}}</td>
                <td data-field="state">{{#paused}}<span class="badge st-paused" title="{{pauseTitle}}">paused</span> <span class="muted">{{pauseReason}}</span>{{/paused}}{{^paused}}<span class="badge st-running">running</span>{{/paused}}</td>
              </tr>
            {{/queues}}
            </tbody>
          </table>
          {{^queues}}<p class="empty">No queue yet: queues appear when a worker serves them (or with --queue).</p>{{/queues}}
        </section>

        <div class="grid2">
          <section class="card" id="minutes-card" data-live>
            <div class="row">
              <h2>Last hour <span class="sub">orders per second, per minute</span></h2><span class="spacer"></span>
              <div class="legend"><span><i class="k-succeeded"></i>succeeded <b data-field="rate-succeeded">{{minutes.rateSucceeded}}</b>/s</span>
                <span title="failed, invalid, unknown and unreadable"><i class="k-failed"></i>not succeeded <b data-field="rate-failed">{{minutes.rateFailed}}</b>/s</span></div>
            </div>
            <svg class="chart" data-chart="minutes" data-kind="minutes" data-unit="/s" data-divide="60" role="img"
              aria-label="Orders per second, succeeded and failed, in each minute of the last hour"
              data-starts="{{minutes.starts}}" data-succeeded="{{minutes.succeeded}}" data-failed="{{minutes.failed}}"></svg>
          </section>
          <section class="card" id="days-card" data-live>
            <div class="row">
              <h2>Last 30 days <span class="sub">orders per day (UTC)</span></h2><span class="spacer"></span>
              <div class="legend"><span><i class="k-succeeded"></i>succeeded {{days.totalSucceeded}}</span>
                <span title="failed, invalid, unknown and unreadable"><i class="k-failed"></i>not succeeded {{days.totalFailed}}</span></div>
            </div>
            <svg class="chart" data-chart="days" data-kind="days" data-unit="orders" data-divide="1" role="img"
              aria-label="Orders per day, succeeded and failed, for the last 30 days"
              data-starts="{{days.starts}}" data-succeeded="{{days.succeeded}}" data-failed="{{days.failed}}"></svg>
          </section>
        </div>
        {{#throughputProblem}}<p class="muted">Throughput counters: {{.}}</p>{{/throughputProblem}}

        <section class="card gap-top" id="workers-card" data-live>
          <h2>Live workers <span class="sub">from their heartbeats</span></h2>
          <table id="workers">
            <thead><tr><th>Worker</th><th>Queues</th><th>Version</th><th class="num">In flight</th>
              <th class="num">Concurrency</th><th class="num">Orders done</th><th class="num">Rate</th><th>Started</th><th>Last beat</th></tr></thead>
            <tbody>
            {{#workers}}
              <tr data-worker="{{id}}">
                <td class="mono">{{id}}</td><td>{{queues}}</td><td>{{version}}</td>
                <td class="num" data-field="inflight">{{inflight}}</td><td class="num">{{concurrency}}</td>
                <td class="num">{{ordersDone}}</td><td class="num">{{rate}}</td>
                <td><time data-ms="{{startedAtMs}}" data-ago="only">{{startedAt}}</time></td>
                <td><time data-ms="{{lastBeatMs}}" data-ago="only">{{lastBeat}}</time></td>
              </tr>
            {{/workers}}
            </tbody>
          </table>
          {{^workers}}<p class="empty alert">No live worker: nothing is taking orders.</p>{{/workers}}
        </section>
        {{/content}}
        {{/layout}}
        """#
}
