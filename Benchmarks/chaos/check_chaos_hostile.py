#!/usr/bin/env python3
"""Checks the end state of a hostile chaos run (run-chaos-hostile.sh) and prints its summary.

Reports these figures, each of which must be 0, and exits 1 naming the rule and the orderIds when
one is not (run-chaos-hostile.sh's header explains what a lost second of Redis writes may do):
  lost        orders the producer reported as enqueued (chunks whose `paylink enqueue` exited 0)
              with no final result that are not pending, in flight or waiting to retry
  crashes     worker exits the script did not cause (a signal such as SIGILL/SIGTRAP/SIGSEGV, or a
              non-zero status), and workers that did not stop cleanly (status 0) on SIGTERM
  unflagged   orders the stand-in made more than one link for whose result lacks possibleDuplicate=1
              (a result naming otherPaymentIds without the flag counts too), except those explained
              by a Redis rollback: every link but the last made inside a kill's lost window, from
              --latency-ms after the moment Redis went back to (so its claim may be lost too) to
              --call-ms after the restart (a call claimed in the lost second may go out late)
  mismatched  results stored as succeeded for a link of another amount (the stand-in's wrong-amount
              link, or a payInfo total_fee that is not the order's amount) or of another merchant
And asserts:
  drain       every expected order reached a final result before the run stopped waiting
  results     final statuses are succeeded or failed, unknown under POLICY=park, and unknown with an
              errorCode naming a mismatch under either; no result for an order never enqueued
  crossed     a succeeded result's paymentId is one the stand-in made for that order
  producer    no `paylink enqueue` exited 0 while Redis refused its LPUSHes; the fill chunk was
              really refused (the fault was exercised); a chunk whose run failed went in on a rerun
  counts      the counts hash agrees with the result hashes
  bound       orders with more than one link <= the orders in flight at worker and Redis kills, plus
              the drop in final results across each Redis kill, plus CONCURRENCY per crash, plus (POLICY=retry)
              the links the stand-in hid behind a 5xx, hang, broken or 5 MiB answer
and prints every fault injected: the stand-in's faultsInjected and the script's kills and fills.

Needs redis-py (Debian python3-redis); shares its helpers with check_chaos.py.
"""

import argparse
import json
import os
import re
import signal
import sys
from urllib.parse import parse_qs, urlsplit

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import redis  # noqa: E402

from check_chaos import fetch_results, get_json, ids_text, key_size, order_id_of  # noqa: E402

TERMINAL = {"succeeded", "failed", "unknown", "invalid"}
# Answers after which the client cannot see the link the stand-in made (MockOrderLinks.Link.answer).
HIDING_ANSWERS = {"serverError", "hang", "malformed", "hugeBody"}
# Lines a crashing Swift process or the shell leave in a worker's log.
CRASH_LINE = re.compile(r"Fatal error|Illegal instruction|Trace/breakpoint|Segmentation fault|Aborted|Bus error|"
                        r"Current stack trace|core dumped|Precondition failed|Assertion failed")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--redis-url", required=True)
    p.add_argument("--queue", default="hostile")
    p.add_argument("--chunks", nargs="+", required=True, help="the chunk files, in order (chunk 1 first)")
    p.add_argument("--fill-chunk", type=int, default=0, help="1-based chunk pushed into a Redis that fills up")
    p.add_argument("--mock-url", required=True, help="base URL of the running stand-in (with --record-links)")
    p.add_argument("--merchant", default="ON00000185", help="the appId the workers use")
    p.add_argument("--events", required=True, help="run-chaos-hostile.sh's event log")
    p.add_argument("--policy", choices=("retry", "park"), default="retry")
    p.add_argument("--start-ms", type=int, default=0, help="Unix ms when the workers started")
    p.add_argument("--wall-ms", type=int, default=0, help="workers' start to the end of the wait")
    p.add_argument("--drained", type=int, default=1, help="0 when the run gave up waiting")
    p.add_argument("--concurrency", type=int, default=8, help="orders in flight per worker")
    p.add_argument("--latency-ms", type=int, default=0, help="the stand-in's fixed latency: a link follows its claim by more")
    p.add_argument("--call-ms", type=int, default=0,
                   help="longest a call claimed before a Redis kill may still create a link after the restart")
    p.add_argument("--save-dir", help="where to write the stand-in's stats, links and mismatches as JSON")
    p.add_argument("--worker-logs", nargs="*", default=[])
    p.add_argument("--produce-logs", nargs="*", default=[])
    return p.parse_args()


def load_chunks(paths):
    """Orders by orderId (amount, callbackURL, 1-based chunk), orderIds per chunk, callbackURL -> orderId."""
    orders, per_chunk, by_callback = {}, [], {}
    for number, path in enumerate(paths, start=1):
        ids = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    order = json.loads(line)
                    orders[order["orderId"]] = {"amount": order["amount"], "callbackURL": order["callbackURL"],
                                                "chunk": number}
                    by_callback[order["callbackURL"]] = order["orderId"]
                    ids.append(order["orderId"])
        per_chunk.append(ids)
    return orders, per_chunk, by_callback


def load_events(path):
    """Event lines by type, each a list of its fields after the type (see run-chaos-hostile.sh)."""
    events = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts:
                events.setdefault(parts[0], []).append(parts[1:])
    return events


def status_text(status):
    """'SIGILL (132)' for a status above 128, else the status."""
    if status.isdigit() and int(status) > 128:
        try:
            return f"{signal.Signals(int(status) - 128).name} ({status})"
        except ValueError:
            pass
    return status


def queued_order_ids(r, prefix):
    """orderIds of every element pending, in flight or waiting to retry (and of every held job)."""
    ids = set()
    for element in r.lrange(prefix + "pending", 0, -1) if r.type(prefix + "pending") == "list" else []:
        ids.add(order_id_of(element))
    if r.type(prefix + "jobs") == "hash":
        ids.update(order_id_of(e) for e in r.hvals(prefix + "jobs"))
    return ids


def cents_text(amount):
    """'12.34' for '1234', as the gateway's total_fee shows an amount."""
    cents = int(amount)
    return f"{cents // 100}.{cents % 100:02d}"


def pay_info_fields(pay_info):
    try:
        return {k: v[0] for k, v in parse_qs(urlsplit(pay_info).query).items()}
    except ValueError:
        return {}


def crash_lines(paths):
    """The first distinct crash lines in the worker logs, with the log's name."""
    seen, lines = set(), []
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if CRASH_LINE.search(line):
                        text = line.strip()[:300]
                        if text not in seen:
                            seen.add(text)
                            lines.append(f"{os.path.basename(path)}: {text}")
        except OSError:
            continue
    return lines


def last_line(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = [line.strip() for line in f if line.strip()]
        return text[-1] if text else "(no output)"
    except OSError:
        return "(no log)"


def fleet_pause_left_s(r, merchant):
    """Seconds the fleet's pause has left (Redis clock), 0 when not paused."""
    try:
        until = r.hget(f"paylink:{{merchant:{merchant}}}:limit", "pauseUntil")
        seconds, micros = r.time()
        return max(0.0, (float(until) - (seconds * 1_000_000 + micros)) / 1_000_000) if until else 0.0
    except (redis.RedisError, ValueError):
        return 0.0


def main():
    args = parse_args()
    r = redis.Redis.from_url(args.redis_url, decode_responses=True, socket_timeout=30)
    prefix = f"paylink:{{{args.queue}}}:"
    orders, per_chunk, by_callback = load_chunks(args.chunks)
    events = load_events(args.events)
    failures = []

    def fail(rule, message, order_ids=()):
        failures.append(f"[{rule}] {message}" + (f": {ids_text(order_ids)}" if order_ids else ""))

    # The producer's runs: produce START END CHUNK RUN EXIT ACCEPTED REFUSED SAME_REDIS.
    runs = [dict(zip(("start", "end", "chunk", "run", "exit", "accepted", "refused", "same"), map(int, e)))
            for e in events.get("produce", [])]
    produce_logs = {os.path.basename(p): p for p in args.produce_logs}
    reported_chunks = {run["chunk"] for run in runs if run["exit"] == 0}
    expected = [i for c in sorted(reported_chunks) for i in per_chunk[c - 1]]
    lied = [run for run in runs if run["exit"] == 0 and run["refused"] > 0]

    def said(run):
        return last_line(produce_logs.get(f"produce-{run['chunk']}-{run['run']}.log", ""))

    for run in lied:
        fail("producer", f"chunk {run['chunk']} run {run['run']}: paylink enqueue exited 0 although Redis refused "
             f"{run['refused']} of its LPUSH calls (it said: {said(run)!r})")
    if args.fill_chunk:
        fill_runs = [run for run in runs if run["chunk"] == args.fill_chunk]
        if not any(run["refused"] > 0 or run["exit"] != 0 for run in fill_runs):
            fail("producer", f"the fill was not exercised: Redis refused no push of chunk {args.fill_chunk}")
    for chunk in sorted({run["chunk"] for run in runs if run["exit"] != 0}):
        if chunk not in reported_chunks:
            fail("producer", f"chunk {chunk} never went in: every run of paylink enqueue failed")
    for c in range(1, len(per_chunk) + 1):
        if not any(run["chunk"] == c for run in runs):
            fail("producer", f"chunk {c} was never enqueued")

    # Script-side faults: kill SLOT PID INFLIGHT; redis-kill ...; crash T SLOT PID STATUS; stop SLOT PID STATUS.
    kills = [int(e[3]) for e in events.get("kill", [])]
    redis_kills = [dict(zip(("t", "inflight", "before", "after", "down", "cut", "cut_from", "seq_before",
                             "seq_after", "back_to"), map(int, e))) for e in events.get("redis-kill", [])]
    crashes = events.get("crash", [])
    unclean_crashes = [e for e in crashes if e[3] != "0"]
    bad_stops = [e for e in events.get("stop", []) if e[2] != "0"]
    if unclean_crashes:
        fail("crashes", f"{len(unclean_crashes)} worker exits the script did not cause: " + ", ".join(
            f"worker {e[1]} pid {e[2]} at t={int(e[0]) / 1000:.1f}s {status_text(e[3])}" for e in unclean_crashes[:10]))
    if bad_stops:
        fail("crashes", f"{len(bad_stops)} workers did not stop cleanly on SIGTERM: " + ", ".join(
            f"worker {e[0]} pid {e[1]} {status_text(e[2]) if e[2] != 'timeout' else 'still running, killed'}"
            for e in bad_stops))

    # Lost windows of the Redis kills, absolute Unix ms: from the moment Redis went back to (its
    # last kept tick of the script's clock) to the kill.
    windows = [(args.start_ms + k["back_to"], args.start_ms + k["t"]) for k in redis_kills]
    # Where a link may have come from a claim Redis lost: claimed after back_to, created by
    # restart + call_ms at the latest.
    link_windows = [(args.start_ms + k["back_to"] + args.latency_ms, args.start_ms + k["t"] + k["down"] + args.call_ms)
                    for k in redis_kills]

    def in_window(ms, spans=None):
        return any(lo < ms <= hi for lo, hi in (spans or windows))

    if not args.drained:
        fail("drain", "the run stopped waiting before every expected order had a final result")

    results = fetch_results(r, prefix, list(orders))
    queued = queued_order_ids(r, prefix)
    final = {i for i, f in results.items() if f.get("status") in TERMINAL}
    links = get_json(args.mock_url + "/mock/links")
    links_by_order, strangers = {}, []
    for entry in links:
        order_id = by_callback.get(entry["callbackURL"])
        if order_id:
            links_by_order.setdefault(order_id, []).extend(entry["links"])
        else:
            strangers.append(entry["callbackURL"])
    if strangers:
        fail("results", f"{len(strangers)} links have a callbackURL of no order of this run", strangers)

    # lost: reported as enqueued, not final, not queued.
    lost = [i for i in expected if i not in final and i not in queued]
    stuck = [i for i in expected if i not in final and i in queued]
    rolled_back_pushes = []
    if lost:
        last_ok_end = {run["chunk"]: args.start_ms + run["end"] for run in runs if run["exit"] == 0}
        rolled_back_pushes = [i for i in lost if in_window(last_ok_end[orders[i]["chunk"]])]
        lost = [i for i in lost if i not in rolled_back_pushes]
    if lost:
        lied_chunks = {run["chunk"] for run in lied}
        reasons = {}
        for i in lost:
            status = results.get(i, {}).get("status")
            if status:
                reason = f"result '{status}' with no job holding it"
            elif orders[i]["chunk"] in lied_chunks and i not in links_by_order:
                reason = "no trace: its push was refused while the producer reported success"
            else:
                reason = "no result hash"
            if i in links_by_order:
                reason += ", though the stand-in made a link for it"
            reasons.setdefault(reason, []).append(i)
        for reason, members in sorted(reasons.items()):
            fail("lost", f"{len(members)} orders lost ({reason})", members)
    if stuck and args.drained:
        fail("drain", f"{len(stuck)} expected orders are still queued", stuck)

    # results: allowed final statuses, strays.
    by_status = {}
    for order_id, fields in results.items():
        by_status.setdefault(fields.get("status", "<none>"), []).append(order_id)
    mismatch_parked = [i for i in by_status.get("unknown", []) if "mismatch" in results[i].get("errorCode", "")]
    allowed = {"succeeded", "failed"} | ({"unknown"} if args.policy == "park" else set())
    for status, members in sorted(by_status.items()):
        if status == "unknown" and args.policy != "park":
            members = [i for i in members if i not in mismatch_parked]
        if status not in allowed and members and status in TERMINAL:
            fail("results", f"{len(members)} orders end '{status}', not allowed under POLICY={args.policy}", members)
    strays = [k[len(prefix + "result:"):] for k in r.scan_iter(prefix + "result:*", count=1000)]
    strays = [i for i in strays if i not in orders]
    if strays:
        fail("results", f"{len(strays)} result hashes belong to orders never enqueued", strays)

    # counts: the acknowledge script keeps status -> number of result hashes exact.
    counts = {k: int(v) for k, v in r.hgetall(prefix + "counts").items()}
    for status in sorted((set(counts) & TERMINAL) | (set(by_status) & TERMINAL)):
        stored, actual = counts.get(status, 0), len(by_status.get(status, []))
        if stored != actual:
            fail("counts", f"counts hash says {stored} '{status}', the result hashes say {actual}")

    # unflagged duplicates, counting otherPaymentIds.
    duplicated = {i: ls for i, ls in links_by_order.items() if len(ls) > 1}
    unflagged, explained, named_extra, extra_links = [], [], 0, 0
    for order_id, order_links in duplicated.items():
        fields = results.get(order_id, {})
        others = [p for p in fields.get("otherPaymentIds", "").split(",") if p]
        extra_links += len(order_links) - 1
        named_extra += len(others)
        if fields.get("possibleDuplicate") == "1":
            continue
        earlier = sorted(order_links, key=lambda link: link["createdAt"])[:-1]
        if all(in_window(link["createdAt"], link_windows) for link in earlier):
            explained.append(order_id)
        else:
            unflagged.append(order_id)
    named_unflagged = [i for i, f in results.items() if f.get("otherPaymentIds") and f.get("possibleDuplicate") != "1"
                       and i not in duplicated]
    if unflagged or named_unflagged:
        fail("unflagged", f"{len(unflagged) + len(named_unflagged)} orders got more than one link but lack "
             "possibleDuplicate=1", unflagged + named_unflagged)

    # mismatched and crossed: what a succeeded result hands out.
    wrong_amount, wrong_merchant, crossed = [], [], []
    for order_id in by_status.get("succeeded", []):
        fields = results[order_id]
        made = {link["paymentId"]: link for link in links_by_order.get(order_id, [])}
        link = made.get(fields.get("paymentId", ""))
        info = pay_info_fields(fields.get("payInfo", ""))
        if link is None:
            crossed.append(order_id)
        if (link and link["amount"] != orders[order_id]["amount"]) or \
                info.get("total_fee", cents_text(orders[order_id]["amount"])) != cents_text(orders[order_id]["amount"]):
            wrong_amount.append(order_id)
        if (link and link["merchantId"] != args.merchant) or info.get("secondary_merchant_id", args.merchant) != args.merchant:
            wrong_merchant.append(order_id)
    if wrong_amount:
        fail("mismatched", f"{len(wrong_amount)} orders stored as succeeded with a link for another amount",
             wrong_amount)
    if wrong_merchant:
        fail("mismatched", f"{len(wrong_merchant)} orders stored as succeeded with a link under another merchant",
             wrong_merchant)
    if crossed:
        fail("crossed", f"{len(crossed)} succeeded results carry a paymentId the stand-in never made for that order",
             crossed)

    # bound: how many orders may legitimately have more than one link.
    hidden = sum(1 for ls in links_by_order.values() for link in ls if link["answer"] in HIDING_ANSWERS)
    rolled_back = sum(max(0, k["before"] - k["after"]) for k in redis_kills)
    bound = (sum(kills) + sum(k["inflight"] for k in redis_kills) + rolled_back
             + len(crashes) * args.concurrency + (hidden if args.policy == "retry" else 0))
    if len(duplicated) > bound:
        fail("bound", f"{len(duplicated)} orders got more than one link, more than the bound {bound}",
             list(duplicated))

    stats = get_json(args.mock_url + "/mock/stats")
    injected = stats.get("faultsInjected", {})
    if args.save_dir:
        for name, value in (("stats", stats), ("links", links), ("mismatches", get_json(args.mock_url + "/mock/mismatches"))):
            with open(os.path.join(args.save_dir, f"mock-{name}.json"), "w", encoding="utf-8") as f:
                json.dump(value, f)
    fill_chunk_dups = [i for i in duplicated if orders[i]["chunk"] == args.fill_chunk]
    pause_left = fleet_pause_left_s(r, args.merchant)
    leftovers = {name: key_size(r, prefix + name)[0] for name in ("pending", "inflight", "retry")}

    rows = [
        ("orders in the chunks", len(orders)),
        ("reported enqueued by the producer", len(expected)),
        ("final results", len(final)),
        ("succeeded / failed / unknown", " / ".join(str(len(by_status.get(s, []))) for s in
                                                    ("succeeded", "failed", "unknown"))),
        ("unknown for a mismatch", len(mismatch_parked)),
        ("LOST", len(lost)),
        ("  lost with a link at the stand-in", sum(1 for i in lost if i in links_by_order)),
        ("  pushes rolled back by Redis (not counted)", len(rolled_back_pushes)),
        ("still queued (pending/inflight/retry)", f"{len(stuck)} ({leftovers['pending']}/{leftovers['inflight']}/"
                                                  f"{leftovers['retry']})"),
        ("fleet pause left (s)", f"{pause_left:.0f}"),
        ("CRASHES (exits not caused by the script)", len(unclean_crashes)),
        ("  exits with status 0 (not counted)", len(crashes) - len(unclean_crashes)),
        ("  unclean stops on SIGTERM", len(bad_stops)),
        ("UNFLAGGED DUPLICATES", len(unflagged) + len(named_unflagged)),
        ("  explained by a Redis rollback (not counted)", len(explained)),
        ("orders with >1 link / duplicate bound", f"{len(duplicated)} / {bound}"),
        ("  extra links / named in otherPaymentIds", f"{extra_links} / {named_extra}"),
        ("  of them in the fill chunk", len(fill_chunk_dups)),
        ("MISMATCHES STORED AS SUCCEEDED (amount / merchant)", f"{len(wrong_amount)} / {len(wrong_merchant)}"),
        ("crossed results", len(crossed)),
        ("pay calls / token calls (stand-in)", f"{stats.get('payCalls', 0)} / {stats.get('tokenCalls', 0)}"),
        ("links created", stats.get("linksCreated", 0)),
        ("policy", args.policy),
        ("wall time (s)", f"{args.wall_ms / 1000:.1f}"),
    ]
    faults = [(f"stand-in {name}", count) for name, count in sorted(injected.items())]
    faults += [
        ("script: worker SIGKILLs (with orders in flight)", f"{len(kills)} ({sum(1 for k in kills if k > 0)})"),
        ("script: orders in flight at worker kills", sum(kills)),
        ("script: redis SIGKILLs", len(redis_kills)),
        ("script: AOF bytes cut per kill", ", ".join(str(k["cut"]) for k in redis_kills) or "-"),
        # "After" is read once Redis answers again, when workers may already have stored results
        # that waited out the restart: the drop is the rollback less those.
        ("script: final results before -> after each kill", ", ".join(f"{k['before']} -> {k['after']}"
                                                                      for k in redis_kills) or "-"),
        ("script: job counter before -> after each kill", ", ".join(f"{k['seq_before']} -> {k['seq_after']}"
                                                                    for k in redis_kills) or "-"),
        ("script: orders in flight at redis kills", ", ".join(str(k["inflight"]) for k in redis_kills) or "-"),
        ("script: redis down (ms)", ", ".join(str(k["down"]) for k in redis_kills) or "-"),
        ("script: writes lost per kill (ms before the kill)", ", ".join(str(k["t"] - k["back_to"])
                                                                       for k in redis_kills) or "-"),
        ("script: producer runs (exit codes)", ", ".join(f"c{run['chunk']}r{run['run']}:{run['exit']}" for run in runs)),
        ("script: maxmemory for the fill (bytes above use)", ", ".join(
            f"{int(e[1]) - int(e[2])}" for e in events.get("maxmemory", [])[:1]) or "-"),
        ("script: LPUSH calls refused (maxmemory)", sum(run["refused"] for run in runs)),
        ("script: worker restarts after a crash", len(crashes)),
    ]
    width = max(len(name) for name, _ in rows + faults)
    print("== hostile chaos run summary")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    print("== faults injected")
    for name, value in faults:
        print(f"  {name:<{width}}  {value}")
    for run in runs:
        if run["refused"] or run["exit"]:
            print(f"  producer chunk {run['chunk']} run {run['run']} (exit {run['exit']}, {run['accepted']} LPUSHes "
                  f"taken, {run['refused']} refused) said: {said(run)}")
    lines = crash_lines(args.worker_logs)
    if lines:
        print("== crash lines in the worker logs")
        for line in lines[:12]:
            print("  " + line)
    if explained:
        print(f"== {len(explained)} unflagged duplicates explained by a Redis rollback: {ids_text(explained)}")
    if failures:
        print(f"== FAIL: {len(failures)} check(s) broken", file=sys.stderr)
        for line in failures:
            print("  " + line, file=sys.stderr)
        return 1
    print("== PASS: lost 0, crashes 0, unflagged duplicates 0, mismatches stored as succeeded 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
