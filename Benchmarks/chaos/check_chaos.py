#!/usr/bin/env python3
"""Checks the end state of a chaos run (run-chaos.sh) and prints its summary.

Asserts, and exits 1 naming the rule and the orderIds when one fails:
  results     every enqueued orderId has a result hash in a terminal status: succeeded (with
              payInfo), failed (with errorMessage), or unknown only under POLICY=park;
              no result hash exists for an orderId that was never enqueued
  leftovers   pending, inflight, retry (ZSET), jobs and rejected are empty: zero orders lost
  counts      the counts hash agrees with the result hashes
  flagged     every order the stand-in made more than one link for has possibleDuplicate = "1"
  bound       orders with more than one link <= the inflight counts recorded at the kills and
              the Redis restart (plus, under POLICY=retry, the links the stand-in hid behind a
              5xx or a hang: retrying an ambiguous call may make a second link by design)

Needs redis-py (Debian python3-redis) and nothing else.
"""

import argparse
import json
import sys
import urllib.request

import redis

TERMINAL = {"succeeded", "failed", "unknown", "invalid"}
# Answers the stand-in gives after creating a link (serverError faults, hangs that end in 504).
HIDDEN_LINK_STATUSES = ("500", "502", "504")
SHOWN_IDS = 20


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--redis-url", required=True)
    p.add_argument("--queue", default="chaos")
    p.add_argument("--orders", required=True, help="the JSON Lines file that was enqueued")
    p.add_argument("--mock-url", required=True, help="base URL of the running stand-in")
    p.add_argument("--events", required=True, help="run-chaos.sh's kill and restart log")
    p.add_argument("--policy", choices=("retry", "park"), default="retry")
    p.add_argument("--start-ms", type=int, default=0, help="Unix ms when the workers started")
    p.add_argument("--wall-ms", type=int, default=0, help="workers' start to seeing every result (polled)")
    p.add_argument("--drained", type=int, default=1, help="0 when the run gave up waiting")
    return p.parse_args()


def load_orders(path):
    """orderIds in file order, and callbackURL -> orderId (the stand-in names orders by callbackURL)."""
    ids, by_callback = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                order = json.loads(line)
                ids.append(order["orderId"])
                by_callback[order["callbackURL"]] = order["orderId"]
    return ids, by_callback


def load_events(path):
    kills, restarts, downtimes = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == "kill":
                kills.append(int(parts[4]))
            elif parts and parts[0] == "redis-restart":
                restarts.append(int(parts[2]))
                downtimes.append(int(parts[3]))
    return kills, restarts, downtimes


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def fetch_results(r, prefix, ids):
    results = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        pipe = r.pipeline(transaction=False)
        for order_id in chunk:
            pipe.hgetall(prefix + "result:" + order_id)
        for order_id, fields in zip(chunk, pipe.execute()):
            if fields:
                results[order_id] = fields
    return results


def key_size(r, key):
    """Members of a list, set, zset or hash; 0 when absent."""
    kind = r.type(key)
    return {"list": r.llen, "zset": r.zcard, "hash": r.hlen, "set": r.scard, "none": lambda _: 0}.get(
        kind, lambda _: -1)(key), kind


def ids_text(ids):
    ids = sorted(ids)
    more = f" ... and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
    return ", ".join(ids[:SHOWN_IDS]) + more


def order_id_of(element):
    try:
        return str(json.loads(element).get("orderId", "?"))
    except (ValueError, AttributeError):
        return "<not an order>"


def main():
    args = parse_args()
    r = redis.Redis.from_url(args.redis_url, decode_responses=True, socket_timeout=30)
    prefix = f"paylink:{{{args.queue}}}:"
    ids, by_callback = load_orders(args.orders)
    kills, restarts, downtimes = load_events(args.events)
    failures = []

    def fail(rule, message, order_ids=()):
        failures.append(f"[{rule}] {message}" + (f": {ids_text(order_ids)}" if order_ids else ""))

    if not args.drained:
        fail("drain", "the run gave up waiting before every order had a terminal result")

    # results: one terminal result hash per enqueued order.
    results = fetch_results(r, prefix, ids)
    missing = [i for i in ids if i not in results]
    if missing:
        fail("results", f"{len(missing)} of {len(ids)} orders have no result hash (lost)", missing)
    allowed = {"succeeded", "failed"} | ({"unknown"} if args.policy == "park" else set())
    by_status = {}
    for order_id, fields in results.items():
        by_status.setdefault(fields.get("status", "<none>"), []).append(order_id)
    for status, members in sorted(by_status.items()):
        if status not in allowed:
            kind = "terminal but not allowed under POLICY=" + args.policy if status in TERMINAL else "not terminal"
            fail("results", f"{len(members)} orders end with status '{status}' ({kind})", members)
    no_link = [i for i in by_status.get("succeeded", []) if not results[i].get("payInfo")]
    if no_link:
        fail("results", f"{len(no_link)} succeeded orders have an empty payInfo", no_link)
    no_reason = [i for i in by_status.get("failed", []) if not results[i].get("errorMessage")]
    if no_reason:
        fail("results", f"{len(no_reason)} failed orders have an empty errorMessage", no_reason)
    wrong_id = [i for i, f in results.items() if f.get("orderId") != i]
    if wrong_id:
        fail("results", f"{len(wrong_id)} result hashes carry another orderId field", wrong_id)
    known = set(ids)
    strays = [k[len(prefix + "result:"):] for k in r.scan_iter(prefix + "result:*", count=1000)]
    strays = [i for i in strays if i not in known]
    if strays:
        fail("results", f"{len(strays)} result hashes belong to orders never enqueued", strays)

    # leftovers: nothing waits, holds a lease, waits for a retry, or was rejected.
    for name in ("pending", "inflight", "retry", "jobs", "rejected"):
        size, kind = key_size(r, prefix + name)
        if size < 0:
            fail("leftovers", f"{prefix}{name} is a {kind}, not the expected type")
        elif size:
            if kind == "list":
                sample = [order_id_of(e) for e in r.lrange(prefix + name, 0, SHOWN_IDS - 1)]
            elif kind == "hash":
                sample = [order_id_of(e) for e in r.hvals(prefix + name)]
            elif name == "inflight":
                # Members are job IDs; the jobs hash holds their elements.
                job_ids = r.zrange(prefix + name, 0, SHOWN_IDS - 1)
                sample = [order_id_of(r.hget(prefix + "jobs", j) or "") + f" (job {j})" for j in job_ids]
            else:
                sample = r.zrange(prefix + name, 0, SHOWN_IDS - 1) if kind == "zset" else []
            fail("leftovers", f"{prefix}{name} still holds {size} entries (first: {ids_text(sample)})")

    # counts: the acknowledge script keeps status -> number of result hashes exact.
    counts = {k: int(v) for k, v in r.hgetall(prefix + "counts").items()}
    # Only terminal statuses must be counted; a non-terminal one left over is reported under results.
    for status in sorted(set(counts) | (set(by_status) & TERMINAL)):
        stored, actual = counts.get(status, 0), len(by_status.get(status, []))
        if stored != actual:
            fail("counts", f"counts hash says {stored} '{status}', the result hashes say {actual}")

    # flagged and bound: the stand-in's view of links per order.
    stats = get_json(args.mock_url + "/mock/stats")
    duplicates = get_json(args.mock_url + "/mock/duplicates")
    dup_ids, strangers = [], []
    for entry in duplicates:
        order_id = by_callback.get(entry["callbackURL"])
        if order_id:
            dup_ids.append(order_id)
        else:
            strangers.append(entry["callbackURL"])
    if strangers:
        fail("flagged", f"{len(strangers)} duplicated links have a callbackURL of no enqueued order", strangers)
    unflagged = [i for i in dup_ids if results.get(i, {}).get("possibleDuplicate") != "1"]
    if unflagged:
        fail("flagged", f"{len(unflagged)} orders got more than one link but lack possibleDuplicate=1", unflagged)
    flagged = [i for i, f in results.items() if f.get("possibleDuplicate") == "1"]
    by_http = stats.get("responsesByStatus", {})
    hidden = sum(int(by_http.get(s, 0)) for s in HIDDEN_LINK_STATUSES)
    inflight_sum = sum(kills) + sum(restarts)
    bound = inflight_sum + (hidden if args.policy == "retry" else 0)
    if len(dup_ids) > bound:
        fail("bound", f"{len(dup_ids)} orders got more than one link, more than the bound {bound} "
             f"(inflight at kills {sum(kills)} + at redis restart {sum(restarts)}"
             + (f" + links hidden by 5xx/hang {hidden}" if args.policy == "retry" else "") + ")", dup_ids)

    # Results carry updatedAt in Unix ms from Redis's clock, the same host clock as --start-ms, so
    # the last write times the drain without the polling interval or the fixed chaos period.
    last_write = max((int(f.get("updatedAt", 0) or 0) for f in results.values()), default=0)
    seconds = (last_write - args.start_ms) / 1000 if args.start_ms and last_write else args.wall_ms / 1000
    rows = [
        ("orders", len(ids)),
        ("results", len(results)),
        ("succeeded", len(by_status.get("succeeded", []))),
        ("failed", len(by_status.get("failed", []))),
        ("unknown", len(by_status.get("unknown", []))),
        ("other statuses", sum(len(v) for k, v in by_status.items() if k not in ("succeeded", "failed", "unknown"))),
        ("pay calls (stand-in)", stats.get("payCalls", 0)),
        ("links created", stats.get("linksCreated", 0)),
        ("links hidden by 5xx/hang", hidden),
        ("orders with >1 link", len(dup_ids)),
        ("most links for one order", stats.get("maxLinksPerFingerprint", 0)),
        ("flagged possibleDuplicate", len(flagged)),
        ("worker kills (with orders in flight)", f"{len(kills)} ({sum(1 for k in kills if k > 0)})"),
        ("inflight-at-kills sum", sum(kills)),
        ("inflight at redis restart", ", ".join(map(str, restarts)) or "no restart"),
        ("redis down (ms)", ", ".join(map(str, downtimes)) or "-"),
        ("duplicate bound", bound),
        ("policy", args.policy),
        ("wall time to last result (s)", f"{seconds:.1f}"),
        ("orders/s", f"{len(ids) / seconds:.0f}" if seconds > 0 else "-"),
    ]
    width = max(len(name) for name, _ in rows)
    print("== chaos run summary")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    if failures:
        print(f"== FAIL: {len(failures)} rule(s) broken", file=sys.stderr)
        for line in failures:
            print("  " + line, file=sys.stderr)
        return 1
    print("== PASS: every order has one terminal result, none lost, every duplicate link flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
