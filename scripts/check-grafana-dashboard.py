#!/usr/bin/env python3
"""Checks the Grafana dashboard (and the Prometheus rules) against paylink's metric list.

Usage: scripts/check-grafana-dashboard.py [--prometheus URL] [DASHBOARD.json] [RULES.yml]
(defaults: Deploy/grafana/paylink.json, Deploy/prometheus/paylink-rules.yml).

A dashboard that names a metric the workers do not serve shows an empty panel and nobody
notices; one tied to a datasource UID imports nowhere else. So this fails (exit 1, one line per
problem) when:
- a PromQL expression (panel target or template variable) uses a metric that is not in
  Deploy/prometheus/metrics.txt (histograms only as _bucket/_sum/_count), nor `up`, nor a
  recording rule of the rules file; or matches a label that metric does not have, or a value
  the list says it never takes (`outcome="succeded"`);
- an expression does not parse: every expression, with Grafana's variables replaced, goes
  through `promtool check rules`;
- a rule of the rules file uses an unknown metric or label the same way;
- a panel has no id, a repeated id, no complete gridPos, or no datasource; or any datasource
  is not the `${DS_PROMETHEUS}` input declared in `__inputs`;
- with --prometheus, a dashboard expression or a recording rule's expression returns no series
  from that Prometheus (scripts/check-prometheus-files.sh points it at one scraping a fixture
  that serves every listed metric: a panel that stays empty there stays empty in production).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "scripts/lib"))
import paylink_metrics  # noqa: E402  (after the path it lives in)

DATASOURCE_UID = "${DS_PROMETHEUS}"
# Labels Prometheus attaches to every scraped series.
TARGET_LABELS = {"instance", "job"}
KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "start", "end"}
# Followed by a parenthesised list of label names, not an expression.
LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
# May be followed by `by (...)` before their argument: `sum by (queue) (...)`.
AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
                "bottomk", "topk", "quantile"}
STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
IDENTIFIER = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
NUMBER = re.compile(r"(?:0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)[A-Za-z0-9]*")
MATCHER = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
# A regex matcher of plain alternatives ("5xx|timeout") can be checked value by value.
PLAIN_ALTERNATIVES = re.compile(r"[A-Za-z0-9_-]+(?:\|[A-Za-z0-9_-]+)*")


def selectors(expr):
    """Yields (metric name, [(label, operator, value)]) for every metric an expression reads.

    A small scanner, enough for the expressions we write: strings are blanked first (keeping
    their length, so matchers are read from the original), a name followed by `(` is a function
    or aggregation, and the label lists after by/on/... are skipped. promtool checks the syntax.
    """
    text = STRING.sub(lambda m: '"' + "_" * (len(m.group(0)) - 2) + '"', expr)
    i = 0
    while i < len(text):
        c = text[i]
        if c in "[":
            i = text.index("]", i) + 1
            continue
        if c.isdigit() or (c == "." and i + 1 < len(text) and text[i + 1].isdigit()):
            i = NUMBER.match(text, i).end()
            continue
        if c == "{":
            # A selector without a name ({__name__=...}) cannot be checked.
            end = text.index("}", i)
            yield None, MATCHER.findall(expr[i + 1:end])
            i = end + 1
            continue
        m = IDENTIFIER.match(text, i)
        if not m:
            i += 1
            continue
        word = m.group(0)
        j = m.end()
        while j < len(text) and text[j].isspace():
            j += 1
        nxt = text[j] if j < len(text) else ""
        if word in LABEL_LIST_KEYWORDS and nxt == "(":
            i = text.index(")", j) + 1
        elif nxt == "(" or word in KEYWORDS or (word in AGGREGATIONS and re.match(r"(?:by|without)\b", text[j:])):
            i = m.end()
        elif nxt == "{":
            end = text.index("}", j)
            yield word, MATCHER.findall(expr[j + 1:end])
            i = end + 1
        else:
            yield word, []
            i = m.end()


def check_expr(where, expr, known, recorded, problems):
    for name, matchers in selectors(expr):
        if name is None:
            problems.append(f"{where}: a selector without a metric name cannot be checked: {expr}")
        elif name in recorded:
            continue
        elif name not in known:
            problems.append(f"{where}: unknown metric {name} (not in Deploy/prometheus/metrics.txt)")
        else:
            for label, op, value in matchers:
                if label not in known[name] and label not in TARGET_LABELS:
                    problems.append(f"{where}: {name} has no label {label}")
                    continue
                allowed = known[name].get(label)
                if allowed is None or op not in ("=", "=~") or not PLAIN_ALTERNATIVES.fullmatch(value):
                    continue
                for v in value.split("|"):
                    if v not in allowed:
                        problems.append(f"{where}: {name}{{{label}}} is never {v!r} (one of {', '.join(sorted(allowed))})")


def all_panels(panels):
    for panel in panels:
        yield panel
        yield from all_panels(panel.get("panels", []))


def datasources(node, path="dashboard"):
    """Yields (path, value) for every "datasource" member anywhere in the JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datasource":
                yield f"{path}.datasource", value
            yield from datasources(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from datasources(value, f"{path}[{index}]")


def promql_of_variable(query):
    """The PromQL inside a Prometheus template variable's query, or None."""
    text = query.get("query", "") if isinstance(query, dict) else query or ""
    m = re.fullmatch(r"\s*(?:label_values|query_result)\((.*)\)\s*", text, re.S)
    if not m:
        return text or None
    inner = m.group(1)
    # label_values(expr, label): drop the label argument.
    if text.strip().startswith("label_values") and "," in inner:
        inner = inner.rsplit(",", 1)[0]
    return inner


def check_dashboard(path, known, recorded, problems):
    try:
        with open(path) as f:
            dash = json.load(f)
    except json.JSONDecodeError as error:
        problems.append(f"{path}: not JSON: {error}")
        return
    inputs = [i for i in dash.get("__inputs", []) if i.get("name") == "DS_PROMETHEUS"]
    if not inputs or inputs[0].get("pluginId") != "prometheus" or inputs[0].get("type") != "datasource":
        problems.append(f"{path}: __inputs must declare DS_PROMETHEUS, a prometheus datasource")
    if not isinstance(dash.get("schemaVersion"), int) or dash["schemaVersion"] < 36:
        problems.append(f"{path}: schemaVersion must be a number >= 36")
    for member in ("title", "uid"):
        if not dash.get(member):
            problems.append(f"{path}: no {member}")

    for where, value in datasources(dash):
        uid = value.get("uid") if isinstance(value, dict) else value
        if where.startswith("dashboard.annotations") and uid == "-- Grafana --":
            continue
        if uid != DATASOURCE_UID:
            problems.append(f"{path}: {where} is {value!r}, not the {DATASOURCE_UID} input")

    variables = {v.get("name") for v in dash.get("templating", {}).get("list", [])}
    exprs = []
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") == "query":
            exprs.append((f"variable {v.get('name')}", promql_of_variable(v.get("query"))))

    seen = {}
    for panel in all_panels(dash.get("panels", [])):
        title = panel.get("title", "?")
        pid = panel.get("id")
        where = f"panel {pid} ({title})"
        if not isinstance(pid, int):
            problems.append(f"{where}: no numeric id")
        elif pid in seen:
            problems.append(f"{where}: id {pid} also used by panel {seen[pid]!r}")
        else:
            seen[pid] = title
        pos = panel.get("gridPos", {})
        if not all(isinstance(pos.get(k), int) for k in ("h", "w", "x", "y")):
            problems.append(f"{where}: gridPos needs integer h, w, x and y")
        elif pos["x"] + pos["w"] > 24:
            problems.append(f"{where}: gridPos is wider than the 24-column grid")
        if panel.get("type") == "row":
            continue
        if "datasource" not in panel:
            problems.append(f"{where}: no datasource")
        targets = panel.get("targets", [])
        if not targets:
            problems.append(f"{where}: no targets")
        refs = [t.get("refId") for t in targets]
        if len(set(refs)) != len(refs):
            problems.append(f"{where}: repeated refId")
        for t in targets:
            if not t.get("expr"):
                problems.append(f"{where} target {t.get('refId')}: no expr")
            else:
                exprs.append((f"{where} target {t.get('refId')}", t["expr"]))

    for where, expr in exprs:
        if expr is None:
            problems.append(f"{where}: no query")
            continue
        # Interval variables become a duration, other variables a regex matching anything.
        concrete = re.sub(r"\$__(?:rate_interval|interval|range)\b", "5m", expr)
        for var in re.findall(r"\$\{?(\w+)", concrete):
            if var not in variables:
                problems.append(f"{where}: unknown variable ${var}")
        concrete = re.sub(r"\$\{?\w+(?::\w+)?\}?", ".*", concrete)
        check_expr(where, concrete, known, recorded, problems)
        yield where, concrete


def promtool_parses(exprs, problems):
    """Runs every expression through `promtool check rules` as a recording rule."""
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:expr:{i}", "expr": expr} for i, (_, expr) in enumerate(exprs)]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".yml") as f:
        yaml.safe_dump(rules, f)
        f.flush()
        run = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True)
    if run.returncode != 0:
        output = (run.stdout + run.stderr).strip()
        problems.append("promtool rejects a dashboard expression:\n" + output + "\n"
                        + "\n".join(f"  dashboard:expr:{i} = {where}" for i, (where, _) in enumerate(exprs)))


def returns_series(url, exprs, problems):
    """Runs every expression as an instant query; an empty result is a problem."""
    for where, expr in exprs:
        query = url.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        with urllib.request.urlopen(query, timeout=10) as reply:
            answer = json.load(reply)
        if answer.get("status") != "success":
            problems.append(f"{where}: Prometheus refuses {expr}: {answer.get('error')}")
        elif not answer["data"]["result"]:
            problems.append(f"{where}: no series from a worker serving every listed metric: {expr}")


def main():
    args = sys.argv[1:]
    prometheus = None
    if args[:1] == ["--prometheus"] and len(args) > 1:
        prometheus, args = args[1], args[2:]
    dashboard = args[0] if args else os.path.join(ROOT, "Deploy/grafana/paylink.json")
    rules_path = args[1] if len(args) > 1 else os.path.join(ROOT, "Deploy/prometheus/paylink-rules.yml")
    known = {"up": {}, **paylink_metrics.series(paylink_metrics.load())}
    problems = []

    with open(rules_path) as f:
        groups = yaml.safe_load(f)["groups"]
    rules = [r for g in groups for r in g["rules"]]
    recorded = {r["record"] for r in rules if "record" in r}
    for r in rules:
        check_expr(f"{rules_path}: {r.get('record') or r.get('alert')}", str(r["expr"]), known, recorded, problems)

    exprs = list(check_dashboard(dashboard, known, recorded, problems))
    if exprs:
        promtool_parses(exprs, problems)
    if prometheus and not problems:
        records = [(f"{rules_path}: {r['record']}", str(r["expr"])) for r in rules if "record" in r]
        returns_series(prometheus, exprs + records, problems)

    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    queried = f", and return series from {prometheus}" if prometheus else ""
    print(f"check-grafana-dashboard: {len(exprs)} dashboard expressions and {len(rules)} rules use only known metrics{queried}")


if __name__ == "__main__":
    main()
