#!/usr/bin/env bash
# Push a few orders onto a paylink queue with redis-cli, then wait for each one's result and
# print its payment link. Follows docs/redis-contract.md (contract version 3): a producer
# LPUSHes onto paylink:{<queue>}:pending and only reads everything else. For an unsharded queue
# only: a queue with --shards above 1 records its shard tags in paylink:{<queue>}:shards, which
# examples/producer.py reads.
#
#   REDIS_URL=redis://127.0.0.1:6379/0 QUEUE=default bash examples/producer-redis-cli.sh
#
# Environment: REDIS_URL (redis://[user:password@]host:port/db), or REDIS_HOST and REDIS_PORT
# (default 127.0.0.1:6379); QUEUE (default "default"); ORDER_PREFIX (default cli-<seconds>);
# TIMEOUT in seconds (default 60). Exits 0 when every order has a final status, 1 otherwise.
set -euo pipefail

queue=${QUEUE:-default}
order_prefix=${ORDER_PREFIX:-cli-$(date +%s)}
timeout=${TIMEOUT:-60}
if [ -n "${REDIS_URL:-}" ]; then
  cli=(redis-cli --no-auth-warning -u "$REDIS_URL")
else
  cli=(redis-cli -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}")
fi
# The braces are a Redis Cluster hash tag: every key of a queue lives in one slot.
prefix="paylink:{$queue}:"

ids=("$order_prefix-1" "$order_prefix-2" "$order_prefix-3")
for id in "${ids[@]}"; do
  "${cli[@]}" LPUSH "${prefix}pending" \
    "{\"orderId\":\"$id\",\"amount\":\"1000\",\"callbackURL\":\"https://shop.example/notify/$id\",\"returnURL\":\"https://shop.example/orders/$id\",\"remark\":\"redis-cli example\"}" >/dev/null
done
echo "pushed ${#ids[@]} orders onto ${prefix}pending"

# Final statuses: nothing more happens to the order without a new push or an operator.
is_final() { case "$1" in succeeded | failed | invalid | unknown) return 0 ;; *) return 1 ;; esac }

deadline=$((SECONDS + timeout))
missing=0
for id in "${ids[@]}"; do
  status=$("${cli[@]}" HGET "${prefix}result:$id" status)
  while ! is_final "$status" && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
    status=$("${cli[@]}" HGET "${prefix}result:$id" status)
  done
  case "$status" in
    succeeded)
      duplicate=$("${cli[@]}" HGET "${prefix}result:$id" possibleDuplicate)
      echo "$id succeeded $("${cli[@]}" HGET "${prefix}result:$id" payInfo)"
      if [ "$duplicate" = 1 ]; then echo "  $id: possibleDuplicate=1, check OTT Pay before using the link"; fi
      ;;
    failed | invalid | unknown)
      echo "$id $status $("${cli[@]}" HGET "${prefix}result:$id" errorMessage)"
      ;;
    *)
      echo "$id: no final result after ${timeout}s (status: ${status:-none})" >&2
      missing=$((missing + 1))
      ;;
  esac
done
[ "$missing" -eq 0 ]
