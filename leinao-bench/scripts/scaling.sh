#!/usr/bin/env bash
# Scaling of one `leinao bench` configuration: runs it on 2 threads, then on 1, ROUNDS times, and
# prints each run's min and median simulate_s and each pair's ratios. Why pairs: on a shared host the
# same run moves by ±25 % from one minute to the next, so only runs next to each other compare.
#
# usage: leinao-bench/scripts/scaling.sh ROUNDS MODEL [leinao bench options]
#   LEINAO_JAVA_OPTS=-Xmx5g leinao-bench/scripts/scaling.sh 2 microcircuit --scale 1 --repeat 3 --profile
#   leinao-bench/scripts/scaling.sh 5 cuba --n 64000 --repeat 10
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=$1
shift
for r in $(seq 1 "$rounds"); do
  for t in 2 1; do
    out=$("$root/leinao" bench "$@" --threads "$t" 2>&1) || { echo "$out" >&2; exit 1; }
    line=$(grep -m1 'simulate_s' <<<"$out") || { echo "$out" >&2; exit 1; }
    read -r _ min med _ <<<"$line"
    printf '%s  pair %d  %d thread(s): simulate_s min %s median %s\n' "$(date +%H:%M:%S)" "$r" "$t" "$min" "$med"
    # Each thread's update / barrier / delivery seconds, when --profile is given.
    grep -E '^  [0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+' <<<"$out" | sed 's/^/      /' || true
    if [ "$t" = 2 ]; then
      min2=$min
      med2=$med
    fi
  done
  awk -v a="$min" -v b="$min2" -v c="$med" -v d="$med2" -v r="$r" \
    'BEGIN { printf "          pair %d: 2 threads %.2fx faster than 1 (min over min), %.2fx (median over median)\n", r, a / b, c / d }'
done
