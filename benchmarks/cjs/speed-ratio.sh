#!/usr/bin/env bash
# Side-by-side speed of one 200-job CJS episode (jobs-101.csv, 50 executors, FIFO and Fair, normal-mode draws):
# NetLLM's own Python simulator (needs numpy and networkx; torch and gymnasium are stubbed, see
# time_netllm_original.py), the project's standard-library Python reference (deterministic mode) and the Java
# simulator (`netllm cjs bench`, one thread). Run from the project root; NETLLM_GIT points at a clone or mirror of
# github duowuyms/NetLLM (commit 105bcf0).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${NETLLM_DATA:-$root/../shared/data}"
jobs="$data/cjs/job-sequences/jobs-101.csv"
repeats="${REPEATS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git --git-dir="${NETLLM_GIT:?set NETLLM_GIT to a NetLLM git directory}" archive 105bcf0 cluster_job_scheduling/spark_sched_sim \
    | tar -x -C "$work"
echo "== NetLLM's Python simulator (median of $repeats): scheduler, median s, min s, decisions, avg JCT s"
python3 "$root/benchmarks/cjs/time_netllm_original.py" "$work/cluster_job_scheduling" "$data/cjs/tpch" "$jobs" 50 "$repeats"
echo "== the project's Python reference (deterministic mode, one run each)"
for s in fifo fair; do
  start=$(date +%s.%N)
  python3 "$root/emulation/src/test/python/cjs_reference.py" "$data/cjs/tpch" "$jobs" 50 "$s"
  echo "$s $(echo "$(date +%s.%N) - $start" | bc) s (including loading the DAGs)"
done
echo "== Java (netllm cjs bench, one thread)"
"$root/netllm" cjs bench --data-dir "$data" --job-file "$jobs" --schedulers fifo,fair,decima --warmup 15 --repeat 15
