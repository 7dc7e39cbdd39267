"""Reads Deploy/prometheus/metrics.txt, the list of metrics a paylink worker serves.

Shared by scripts/check-grafana-dashboard.py and scripts/lib/check-metrics-contract.py, so the
dashboard, the rules and a live scrape are held to the same list.
"""

import os
from typing import NamedTuple

METRICS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../Deploy/prometheus/metrics.txt")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


class Metric(NamedTuple):
    kind: str
    # label name -> the values it may take, or None for any value.
    labels: dict


def load(path=METRICS_FILE):
    """Returns {name: Metric}; a line is `name type labels`, labels `-` or `a,b=x|y`."""
    metrics = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = line.split()
            if len(fields) != 3 or fields[1] not in ("counter", "gauge", "histogram"):
                raise ValueError(f"{path}:{number}: expected `name counter|gauge|histogram labels`")
            name, kind, spec = fields
            labels = {}
            if spec != "-":
                for item in spec.split(","):
                    label, _, values = item.partition("=")
                    labels[label] = set(values.split("|")) if values else None
            metrics[name] = Metric(kind, labels)
    return metrics


def series(metrics):
    """Returns {series name: {label: allowed values or None}} for what a scrape may contain."""
    names = {}
    for name, metric in metrics.items():
        if metric.kind == "histogram":
            names[name + "_bucket"] = {**metric.labels, "le": None}
            names[name + "_sum"] = metric.labels
            names[name + "_count"] = metric.labels
        else:
            names[name] = metric.labels
    return names
