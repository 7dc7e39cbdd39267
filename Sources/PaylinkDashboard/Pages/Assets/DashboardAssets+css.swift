extension DashboardAssets {
    /// `/assets/dashboard.css`: dark text on light ground, tables first, one colour per status
    /// (the same colours as the charts), nothing loaded from elsewhere (system fonts).
    static let css = #"""
        :root {
          --ink: #1f2933; --muted: #52606d; --faint: #7b8794; --line: #d9e2ec; --ground: #f3f5f8;
          --card: #fff; --bar: #1f2933; --link: #0b5cad;
          --ok: #1b7a3a; --ok-bg: #e3f5e8; --bad: #b42318; --bad-bg: #fdecea; --warn: #8a5a00;
          --warn-bg: #fff4d6; --odd: #6b3fa0; --odd-bg: #f1eafa; --busy: #0b5cad; --busy-bg: #e4effb;
          --idle: #52606d; --idle-bg: #eef1f4;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
          color: var(--ink); background: var(--ground);
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        a { color: var(--link); text-decoration: none; }
        a:hover { text-decoration: underline; }
        code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }

        .topbar { display: flex; align-items: center; gap: 24px; padding: 0 24px; height: 48px;
          background: var(--bar); color: #f5f7fa; }
        .brand { font-weight: 700; letter-spacing: .02em; color: #fff; font-size: 16px; }
        .topbar nav { display: flex; gap: 4px; flex: 1; }
        .topbar nav a { color: #cbd2d9; padding: 6px 10px; border-radius: 4px; }
        .topbar nav a:hover { background: #323f4b; color: #fff; text-decoration: none; }
        .topbar nav a.current { background: #3e4c59; color: #fff; }
        .who { display: flex; align-items: center; gap: 10px; color: #cbd2d9; font-size: 13px; }
        .who form { margin: 0; }
        .who button { background: none; border: 1px solid #52606d; color: #cbd2d9; border-radius: 4px;
          padding: 3px 8px; cursor: pointer; font: inherit; }
        .role { padding: 1px 7px; border-radius: 9px; background: #3e4c59; color: #fff; font-size: 12px; }
        .banner { padding: 8px 24px; background: var(--warn-bg); color: var(--warn);
          border-bottom: 1px solid #f0d9a0; }

        main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 48px; }
        h1 { font-size: 20px; margin: 0 0 16px; font-weight: 600; }
        h2 { font-size: 15px; margin: 0 0 10px; font-weight: 600; }
        .sub { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 8px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
          padding: 14px 16px; margin-bottom: 18px; }
        .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
        .grid2 > .card { margin-bottom: 0; }
        .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
        .spacer { flex: 1; }
        .muted { color: var(--muted); }
        h1.mono { font-size: 20px; }
        time { white-space: nowrap; }
        td.acts { white-space: nowrap; text-align: right; }
        td.order { max-width: 380px; word-break: break-all; }
        td.reason { min-width: 240px; }
        td.acts form + form { margin-left: 4px; }
        .notice { background: var(--warn-bg); border: 1px solid #f0d9a0; border-left: 4px solid #e0a800; color: var(--warn);
          border-radius: 6px; padding: 10px 14px; margin-bottom: 18px; font-weight: 500; }
        .empty { color: var(--faint); padding: 12px 2px; }

        table { width: 100%; border-collapse: collapse; }
        th { text-align: left; font-weight: 600; font-size: 12px; color: var(--muted); text-transform: uppercase;
          letter-spacing: .03em; padding: 6px 10px; border-bottom: 2px solid var(--line); white-space: nowrap; }
        td { padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        tbody tr:hover { background: #f8fafc; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.num.zero { color: var(--faint); }
        td.check, th.check { width: 28px; padding-right: 0; }
        .fields th { text-transform: none; font-size: 13px; letter-spacing: 0; width: 200px;
          border-bottom: 1px solid var(--line); font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 500; }
        .fields td { word-break: break-all; }
        tr.flagged > * { background: var(--warn-bg); }
        tr.flagged > th { border-left: 4px solid #e0a800; }

        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
          background: var(--idle-bg); color: var(--idle); white-space: nowrap; }
        .st-succeeded, .st-running { background: var(--ok-bg); color: var(--ok); }
        .st-failed, .st-dead { background: var(--bad-bg); color: var(--bad); }
        .st-invalid, .st-paused, .st-retrying, .flag { background: var(--warn-bg); color: var(--warn); }
        .st-unknown { background: var(--odd-bg); color: var(--odd); }
        .st-sending, .st-queued { background: var(--busy-bg); color: var(--busy); }
        .alert { color: var(--bad); font-weight: 600; }
        .warn { color: var(--warn); font-weight: 600; }

        .btn { display: inline-block; font: inherit; font-size: 13px; padding: 4px 12px; border-radius: 4px;
          border: 1px solid #9aa5b1; background: #fff; color: var(--ink); cursor: pointer; white-space: nowrap; }
        .btn:hover { background: #f0f4f8; text-decoration: none; }
        .btn.primary { background: var(--link); border-color: var(--link); color: #fff; }
        .btn.primary:hover { background: #094c8f; }
        .btn.danger { border-color: var(--bad); color: var(--bad); }
        .btn.danger:hover { background: var(--bad-bg); }
        .btn:disabled { opacity: .5; cursor: default; }
        .btn.small { padding: 1px 8px; font-size: 12px; }
        form.inline { display: inline; margin: 0; }
        input[type=text], input[type=search], input[type=password], select {
          font: inherit; padding: 5px 8px; border: 1px solid #9aa5b1; border-radius: 4px; background: #fff; }
        input[type=search] { width: 340px; }
        label.field { display: flex; flex-direction: column; gap: 4px; font-size: 13px; color: var(--muted); }

        .figures { display: flex; gap: 28px; flex-wrap: wrap; margin: 4px 0 10px; }
        .figure .n { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .figure .l { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
        .progress { display: block; width: 100%; min-width: 160px; height: 10px; border-radius: 5px; overflow: hidden; }
        .progress .p-track { fill: var(--idle-bg); }
        .progress .p-succeeded { fill: #2f9e55; }
        .progress .p-failed { fill: #d64545; }
        .progress .p-invalid { fill: #e0a800; }
        .progress .p-unknown { fill: #8e5cc7; }
        .w-progress { width: 22%; }
        .gap-top { margin-top: 18px; }
        .c-ok { color: var(--ok); } .c-bad { color: var(--bad); } .c-warn { color: var(--warn); } .c-odd { color: var(--odd); }
        .card > p:first-child { margin-top: 0; }
        .legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); }
        .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px;
          vertical-align: -1px; }
        .legend .k-succeeded { background: #2f9e55; } .legend .k-failed { background: #d64545; }
        .legend .k-invalid { background: #e0a800; } .legend .k-unknown { background: #8e5cc7; }

        .chart { width: 100%; height: 180px; display: block; }
        .chart .grid { stroke: #e4e7eb; stroke-width: 1; }
        .chart .axis { fill: var(--faint); font-size: 11px; }
        .chart .s-succeeded { fill: #2f9e55; }
        .chart .s-failed { fill: #d64545; }
        .chart rect:hover { opacity: .75; }

        pre.raw { margin: 0; padding: 8px 10px; background: #f0f4f8; border: 1px solid var(--line); border-radius: 4px;
          white-space: pre-wrap; word-break: break-all; max-height: 240px; overflow: auto; }
        .pager { display: flex; gap: 8px; align-items: center; margin-top: 10px; }
        .toolbar { display: flex; gap: 10px; align-items: flex-end; flex-wrap: wrap; margin-bottom: 12px; }

        #flash { position: fixed; right: 20px; bottom: 20px; max-width: 460px; padding: 10px 14px; border-radius: 6px;
          box-shadow: 0 4px 16px rgba(0,0,0,.18); display: none; z-index: 10; }
        #flash.ok { display: block; background: var(--ok-bg); color: var(--ok); border: 1px solid #9fd8b0; }
        #flash.bad { display: block; background: var(--bad-bg); color: var(--bad); border: 1px solid #f1b2ac; }
        dialog { border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px; max-width: 520px;
          box-shadow: 0 8px 30px rgba(0,0,0,.25); }
        dialog::backdrop { background: rgba(31,41,51,.45); }
        dialog h2 { margin-bottom: 8px; }
        dialog .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
        dialog ul { margin: 8px 0; padding-left: 20px; max-height: 160px; overflow: auto; }

        .login { max-width: 360px; margin: 80px auto; }
        .login form { display: flex; flex-direction: column; gap: 12px; }
        .login input { width: 100%; }
        .error { color: var(--bad); }
        """#
}
