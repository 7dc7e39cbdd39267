#!/usr/bin/python3
"""Push orders onto a paylink queue and wait for their results (redis-py).

Uses only Debian's python3-redis. Follows docs/redis-contract.md (contract version 3):
a producer LPUSHes order JSON onto paylink:{<queue>}:pending and reads
paylink:{<queue>}:result:<orderId>; it never writes any other paylink key. For a sharded queue
it reads the shard tags from paylink:{<queue>}:shards and uses the order's shard instead.

    PAYLINK_REDIS_URL=redis://127.0.0.1:6379/0 PAYLINK_QUEUE=default \\
        /usr/bin/python3 examples/producer.py 10 py-demo --timeout 60

Exits 0 when every order reached a final status (succeeded, failed, invalid, unknown), 1 when
some had no final result before the timeout, 2 on bad arguments.
"""

import argparse
import json
import os
import sys
import time

import redis

FINAL = {"succeeded", "failed", "invalid", "unknown"}


def shard_tags(client, queue):
    """The queue's shard tags from its recorded layout; [queue] when it is not sharded."""
    layout = client.hgetall(f"paylink:{{{queue}}}:shards")
    return layout.get("tags", "").split() or [queue]


def shard_prefix(order_id, tags):
    """Key prefix of the order's shard: FNV-1a-32 of the orderId's UTF-8 bytes mod the count."""
    h = 2166136261
    for byte in order_id.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return f"paylink:{{{tags[h % len(tags)]}}}:"  # the hash tag keeps a shard's keys in one Cluster slot


def order(order_id):
    """One order as the contract defines it; amount is whole cents as a string."""
    return {
        "orderId": order_id,
        "amount": "1000",
        "callbackURL": f"https://shop.example/notify/{order_id}",
        "returnURL": f"https://shop.example/orders/{order_id}",
        "remark": "",
        "channel": "web",
    }


def main():
    parser = argparse.ArgumentParser(description="Push orders onto a paylink queue and wait for their results.")
    parser.add_argument("count", type=int, help="how many orders to push")
    parser.add_argument("prefix", help="orderId prefix; orders are <prefix>-0, <prefix>-1, ...")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for results (default 60)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("count must be at least 1")

    url = os.environ.get("PAYLINK_REDIS_URL", "redis://127.0.0.1:6379/0")
    queue = os.environ.get("PAYLINK_QUEUE", "default")
    client = redis.Redis.from_url(url, decode_responses=True)
    tags = shard_tags(client, queue)

    ids = [f"{args.prefix}-{i}" for i in range(args.count)]
    with client.pipeline(transaction=False) as pipe:
        for order_id in ids:
            pipe.lpush(shard_prefix(order_id, tags) + "pending", json.dumps(order(order_id), separators=(",", ":")))
        pipe.execute()
    where = f"paylink:{{{queue}}}:pending" if len(tags) == 1 else f"{len(tags)} shards of {queue}"
    print(f"pushed {len(ids)} orders onto {where}")

    # Poll only the orders still open, one pipelined round trip per pass.
    results = {}
    waiting = list(ids)
    deadline = time.monotonic() + args.timeout
    while waiting and time.monotonic() < deadline:
        with client.pipeline(transaction=False) as pipe:
            for order_id in waiting:
                pipe.hgetall(shard_prefix(order_id, tags) + "result:" + order_id)
            replies = pipe.execute()
        still = []
        for order_id, fields in zip(waiting, replies):
            if fields.get("status") in FINAL:
                results[order_id] = fields
            else:
                still.append(order_id)
        waiting = still
        if waiting:
            time.sleep(0.2)

    by_status = {}
    for fields in results.values():
        by_status[fields["status"]] = by_status.get(fields["status"], 0) + 1
    print("results: " + (", ".join(f"{s} {n}" for s, n in sorted(by_status.items())) or "none"))
    for order_id in ids:
        fields = results.get(order_id)
        if fields is None:
            continue
        if fields["status"] == "succeeded":
            flag = "  POSSIBLE DUPLICATE: check OTT Pay before using" if fields.get("possibleDuplicate") == "1" else ""
            print(f"{order_id} succeeded {fields['payInfo']}{flag}")
        else:
            print(f"{order_id} {fields['status']} {fields.get('errorCode', '')}: {fields.get('errorMessage', '')}")
    if waiting:
        print(f"no final result after {args.timeout:g}s for {len(waiting)} orders: {', '.join(waiting[:10])}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
