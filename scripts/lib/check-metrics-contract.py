#!/usr/bin/env python3
"""Checks a scraped /metrics body against Deploy/prometheus/metrics.txt.

Usage: scripts/lib/check-metrics-contract.py FILE (scripts/check-metrics-scrape.sh runs it after
`promtool check metrics`, which checks the format but not which metrics are there).

The rules and the dashboard read these names; a worker that drops one, or renames a label,
leaves an alert that can never fire. So this fails (exit 1, one line per problem) when a listed
metric has no `# HELP` or `# TYPE` line, or another type; a metric not on the list is served;
a sample lacks a listed label, has another, or a value the list does not allow; or
paylink_build_info is not 1 or a paused gauge is not 0 or 1.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paylink_metrics  # noqa: E402  (after the path it lives in)

COMMENT = re.compile(r"# (HELP|TYPE) (\S+)(?: (.*))?$")
SAMPLE = re.compile(r"([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$")
LABEL = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?')
# Gauges that are a flag: 1 while paused, else 0.
FLAGS = {"paylink_fleet_paused", "paylink_queue_paused"}


def parse_labels(text):
    labels, pos = {}, 0
    while pos < len(text):
        m = LABEL.match(text, pos)
        if not m:
            return None
        labels[m.group(1)] = m.group(2)
        pos = m.end()
    return labels


def family_of(name, metrics):
    """The listed metric a series belongs to (histograms have _bucket/_sum/_count series)."""
    if name in metrics:
        return name
    for suffix in paylink_metrics.HISTOGRAM_SUFFIXES:
        base = name[: -len(suffix)]
        if name.endswith(suffix) and metrics.get(base, paylink_metrics.Metric("", {})).kind == "histogram":
            return base
    return None


def check(lines, metrics):
    problems, helps, types = [], set(), {}
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            m = COMMENT.match(line)
            if m and m.group(1) == "HELP":
                helps.add(m.group(2))
            elif m:
                types[m.group(2)] = m.group(3)
            continue
        m = SAMPLE.match(line)
        labels = parse_labels(m.group(2) or "") if m else None
        if labels is None:
            problems.append(f"line {number}: cannot read {line!r}")
            continue
        name, value = m.group(1), m.group(3)
        family = family_of(name, metrics)
        if family is None:
            problems.append(f"line {number}: {name} is not in Deploy/prometheus/metrics.txt "
                            "(add it there, and to the README's metrics table)")
            continue
        allowed = paylink_metrics.series({family: metrics[family]})[name]
        missing = set(allowed) - set(labels)
        extra = set(labels) - set(allowed)
        if missing or extra:
            problems.append(f"line {number}: {name} has labels {sorted(labels)}, expected {sorted(allowed)}")
        for label, v in labels.items():
            values = allowed.get(label)
            if values is not None and v not in values:
                problems.append(f"line {number}: {name}{{{label}={v!r}}}: not one of {', '.join(sorted(values))}")
        # Compared as numbers: the text format writes a float, and "1.0" is as good as "1".
        try:
            number_value = float(value)
        except ValueError:
            number_value = None
        if name == "paylink_build_info" and number_value != 1:
            problems.append(f"line {number}: paylink_build_info is {value}, expected 1")
        if name in FLAGS and number_value not in (0, 1):
            problems.append(f"line {number}: {name} is {value}, expected 0 or 1")

    for name, metric in metrics.items():
        if name not in helps:
            problems.append(f"{name}: no # HELP line")
        if name not in types:
            problems.append(f"{name}: no # TYPE line")
        elif types[name] != metric.kind:
            problems.append(f"{name}: # TYPE is {types[name]}, expected {metric.kind}")
    for name in sorted(set(types) - set(metrics)):
        problems.append(f"{name}: # TYPE of a metric not in Deploy/prometheus/metrics.txt")
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check-metrics-contract.py FILE")
    with open(sys.argv[1]) as f:
        problems = check(f.readlines(), paylink_metrics.load())
    for p in problems:
        print(f"check-metrics-contract: {p}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
