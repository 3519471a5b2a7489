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
if ! command -v wrk >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
  apt-get install -y -qq wrk >/dev/null
fi
STARTED=""
cleanup() { [ -n "$STARTED" ] && "$ROOT/shoal" down >/dev/null 2>&1 || true; }
trap cleanup EXIT
LOG="$ROOT/.shoal/logs/supervisor.log"
market_up() {
  "$ROOT/shoal" status --json 2>/dev/null | python3 -c 'import json,sys
sys.exit(0 if any(s["name"] == "marketplace" and s["state"] == "UP" for s in json.load(sys.stdin)["services"]) else 1)'
}
if ! market_up; then
  echo "starting the local stack (./shoal up)"
  "$ROOT/shoal" up >/dev/null
  STARTED=1
fi
MARKET=$("$ROOT/shoal" status --json | python3 -c 'import json,sys; print(next(s["url"] for s in json.load(sys.stdin)["services"] if s["name"]=="marketplace"))')
CONTENT=""
for _ in $(seq 1 240); do
  CONTENT=$(sed -n 's/.*sample video: content \([0-9a-f]\{64\}\).*/\1/p' "$LOG" | tail -1)
  [ -n "$CONTENT" ] && break
  sleep 1
done
[ -n "$CONTENT" ] || { echo "no sample video in $LOG (was the stack started with --no-sample?)" >&2; exit 1; }
echo "marketplace $MARKET, sample $CONTENT: waiting for its replicas to be listed by the locator"
for _ in $(seq 1 300); do
  agents=$(curl -sf "$MARKET/api/locate/$CONTENT" | python3 -c 'import json,sys; print(sum(1 for s in json.load(sys.stdin)["sources"] if s["kind"]=="agent"))' 2>/dev/null || echo 0)
  [ "$agents" -ge 5 ] && break
  sleep 1
done
echo "the locator lists $agents agents and the origin"
WORK="$(mktemp -d /tmp/shoal-locate-bench.XXXXXX)"
trap 'rm -rf "$WORK"; cleanup' EXIT
run() { # name url -> "name req/s p99"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$2" > "$WORK/wrk.out"
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out")
  [ -z "$non2xx" ] || { echo "$1 answered $non2xx non-2xx responses" >&2; cat "$WORK/wrk.out" >&2; exit 1; }
  echo "$1 $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out") $(awk '$1=="99%" {print $2}' "$WORK/wrk.out")"
}
# warm-up: the JIT on both paths
wrk -t2 -c"$CONNECTIONS" -d10s "$MARKET/api/locate/$CONTENT" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "$MARKET/q/health/live" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="locate liveness"; else order="liveness locate"; fi
  for what in $order; do
    if [ "$what" = locate ]; then url="$MARKET/api/locate/$CONTENT"; else url="$MARKET/q/health/live"; fi
    echo "$round $(run "$what" "$url")"
  done
done | tee "$WORK/results"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
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
