#!/usr/bin/env bash
# The same RedisClient workload against one redis-server and against a 3-master Redis Cluster
# (no replicas), side by side in one run: 16 tasks, 200,000 commands, as pipelines of 10
# (INCR + HSET over keys spread across the slots) and as single INCRs the client pipelines
# itself. Rounds alternate, because this host's speed drifts over minutes. Everything listens on
# 127.0.0.1 and is stopped on exit; each run is bounded (120 s).
#
#   Benchmarks/run-cluster-client.sh          # ROUNDS=2 by default
#
# On a two-core machine the three cluster nodes, the single server and the client share the
# cores, so the cluster cannot scale here: the ratio shows the client's routing overhead and
# the smaller per-node batches, not what three machines would do.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source Benchmarks/lib/bench-redis.sh
ROUNDS=${ROUNDS:-2}

swift build -c release --package-path Benchmarks --product redis-cluster-bench >/dev/null 2>&1 ||
  swift build -c release --package-path Benchmarks --product redis-cluster-bench
BENCH=$PWD/Benchmarks/.build/release/redis-cluster-bench

start_bench_redis cluster-client
SINGLE_URL=$REDIS_URL

# Three cluster nodes; each also binds its cluster bus on port + 10000.
cluster_pids=()
stop_cluster() {
  for pidfile in "$work"/node-*/redis.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  stop_bench
}
trap stop_cluster EXIT
base=$((21000 + RANDOM % 20000))
nodes=()
for i in 0 1 2; do
  port=$((base + i))
  dir="$work/node-$port"
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-config-file nodes.conf \
    --save '' --appendonly no --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log"
  nodes+=("127.0.0.1:$port")
done
for node in "${nodes[@]}"; do
  for _ in $(seq 1 50); do [ "$(redis-cli -p "${node#*:}" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$work/create.log" 2>&1
for node in "${nodes[@]}"; do
  for _ in $(seq 1 100); do
    redis-cli -p "${node#*:}" cluster info | grep -q cluster_state:ok && break
    sleep 0.1
  done
done
CLUSTER_URL="redis://${nodes[0]}"

results=$work/results.txt
for round in $(seq "$ROUNDS"); do
  for mode in pipeline send; do
    for target in single cluster; do
      url=$SINGLE_URL
      [ "$target" = cluster ] && url=$CLUSTER_URL
      line=$(timeout 120 "$BENCH" "$url" "$mode")
      echo "round $round $target $line"
      echo "$target $mode $(sed -E 's/.*: ([0-9]+) commands\/s, ([0-9.]+) .*/\1 \2/' <<<"$line")" >>"$results"
    done
  done
done

echo
echo "mode      target   commands/s  CPU µs/command   (mean of $ROUNDS rounds)"
for mode in pipeline send; do
  for target in single cluster; do
    awk -v t="$target" -v m="$mode" '$1 == t && $2 == m { r += $3; c += $4; n++ }
      END { printf "%-9s %-8s %10.0f  %14.2f\n", m, t, r / n, c / n }' "$results"
  done
  awk -v m="$mode" '$2 == m { r[$1] += $3; c[$1] += $4 }
    END { printf "%-9s cluster/single: %.2f x throughput, %.2f x CPU per command\n", m, r["cluster"] / r["single"], c["cluster"] / c["single"] }' "$results"
done
