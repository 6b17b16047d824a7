#!/usr/bin/env bash
# A/B of two builds: runs the same `leinao` command in checkout A, then in checkout B, ROUNDS times,
# and prints the lines that carry results (simulate_s, --profile rows, JMH scores, event ratios).
# Why alternate: on a shared host only runs next to each other compare. Build each checkout once
# first (e.g. `git worktree add /tmp/old <rev>` and `./leinao --version` there, which builds it).
#
# usage: leinao-bench/scripts/ab.sh ROUNDS DIR_A DIR_B LEINAO_ARGS...
#   LEINAO_JAVA_OPTS=-Xmx4g leinao-bench/scripts/ab.sh 3 /tmp/old . bench microcircuit --scale 1 --threads 2 --repeat 3 --profile
#   leinao-bench/scripts/ab.sh 2 /tmp/old . jmh QueueBench -wi 3 -i 5 -jvmArgs "-Xmx2g -XX:+UseParallelGC -XX:+UseTransparentHugePages"
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
rounds=$1
a=$(cd "$2" && pwd)
b=$(cd "$3" && pwd)
shift 3
for r in $(seq 1 "$rounds"); do
  for d in "$a" "$b"; do
    out=$(cd "$d" && ./leinao "$@" 2>&1) || { echo "$out" >&2; exit 1; }
    echo "$(date +%H:%M:%S)  round $r  $d"
    grep -E 'simulate_s|^  [0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+|^[A-Za-z]+Bench\.[a-zA-Z]+ |ratio [0-9.]+\)|per delay group' <<<"$out" \
      | sed 's/^/    /' || true
  done
done
