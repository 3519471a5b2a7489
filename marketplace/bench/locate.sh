#!/usr/bin/env bash
# Locator throughput against the liveness endpoint of the same marketplace, in one run: ROUNDS rounds, each running
# wrk on GET /api/locate/{sample} and on GET /q/health/live one after the other (the order alternates), so each round
# gives one locate/liveness ratio; the result is the median ratio with its spread.
# Usage (from the repository root): ./shoal bench locate [SECONDS] [ROUNDS] [CONNECTIONS]
# It uses the running stack (./shoal up) or starts one (and stops it at the end); it waits until the locator lists
# the sample video's replicas, so each locate ranks real holders and signs a real ticket.
# Installs wrk from Debian when missing and running as root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_EACH="${1:-10}"
ROUNDS="${2:-5}"
CONNECTIONS="${3:-32}"
WORK="$(mktemp -d /tmp/shoal-locate-bench.XXXXXX)"
source "$ROOT/marketplace/bench/lib.sh"
need_wrk
STARTED=""
cleanup() { [ -n "$STARTED" ] && "$ROOT/shoal" down >/dev/null 2>&1 || true; }
trap 'rm -rf "$WORK"; cleanup' EXIT
if ! market_up; then
  echo "starting the local stack (./shoal up)"
  "$ROOT/shoal" up >/dev/null
  STARTED=1
fi
MARKET=$(market_url)
CONTENT=$(sample_content)
echo "marketplace $MARKET, sample $CONTENT: waiting for its replicas to be listed by the locator"
await_replicas "$MARKET" "$CONTENT"
# warm-up: the JIT on both paths
wrk -t2 -c"$CONNECTIONS" -d10s "$MARKET/api/locate/$CONTENT" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "$MARKET/q/health/live" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="locate liveness"; else order="liveness locate"; fi
  for what in $order; do
    if [ "$what" = locate ]; then url="$MARKET/api/locate/$CONTENT"; else url="$MARKET/q/health/live"; fi
    echo "$round $(wrk_run "$what" "$url")"
  done
done | tee "$WORK/results"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk "$AWK_MEDIAN"'
  { rps[$1, $2] = $3; p99[$1, $2] = $4; rounds = $1 > rounds ? $1 : rounds }
  END {
    for (r = 1; r <= rounds; r++) {
      ratio[r] = rps[r, "locate"] / rps[r, "liveness"]; l[r] = rps[r, "locate"]; h[r] = rps[r, "liveness"]
      printf "round %d: locate %.0f req/s p99 %s, liveness %.0f req/s p99 %s: %.2fx\n", r, l[r], p99[r, "locate"], h[r], p99[r, "liveness"], ratio[r]
      lo = (r == 1 || ratio[r] < lo) ? ratio[r] : lo; hi = (r == 1 || ratio[r] > hi) ? ratio[r] : hi
    }
    printf "RESULT median over %d rounds: locate %.0f req/s vs liveness %.0f req/s; locate/liveness %.2fx (rounds %.2f-%.2fx)\n",
      rounds, median(l, rounds), median(h, rounds), median(ratio, rounds), lo, hi
  }' "$WORK/results"
